import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { clock } from '#lib/server/clock.ts';

/** What the audit log records; rows name only ids (never a person's name or what was read). */
export type AuditAction =
	| 'profile.read'
	| 'profile.write'
	| 'profile.consent'
	| 'person.export'
	| 'person.erase'
	| 'attendance.mark'
	| 'pin.reset'
	| 'person.enrol'
	| 'assignment.waive'
	| 'assignment.unwaive'
	| 'cohort.facilitator_add'
	| 'cohort.facilitator_remove'
	| 'organisation.settings';

export interface AuditEntry {
	actorId: string | null;
	action: AuditAction;
	/** A person (with a cohort id as detail where one applies), or the organisation (its settings). */
	subjectType: 'person' | 'organisation';
	subjectId: string;
	/** Short, non-identifying context (e.g. 'self', a cohort id). */
	detail?: string | null;
}

/** Appends one row to the audit log. */
export async function audit(db: Db, entry: AuditEntry, now = clock.now()): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			id: newId(),
			at: now,
			actor_id: entry.actorId,
			action: entry.action,
			subject_type: entry.subjectType,
			subject_id: entry.subjectId,
			detail: entry.detail ?? null
		})
		.execute();
}

/** A subject's audit entries, newest first, with the actor's first name (callers check who may see them). */
export async function auditTrail(db: Db, subjectType: string, subjectId: string, limit = 20) {
	return db
		.selectFrom('audit_log')
		.leftJoin('user', 'user.id', 'audit_log.actor_id')
		.select([
			'audit_log.id',
			'audit_log.at',
			'audit_log.action',
			'audit_log.actor_id as actorId',
			'audit_log.detail',
			'user.first_name as actorName'
		])
		.where('audit_log.subject_type', '=', subjectType)
		.where('audit_log.subject_id', '=', subjectId)
		.orderBy('audit_log.at', 'desc')
		.orderBy('audit_log.id', 'desc')
		.limit(limit)
		.execute();
}

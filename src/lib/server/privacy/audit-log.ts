import type { Db } from '#lib/server/db/index.ts';
import { requireAuditReader, type Actor } from '#lib/server/auth/policy.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { addDays, zonedInstant } from '#lib/server/cohorts/local-time.ts';
import type { AuditLogFilter } from './schemas.ts';

/** Entries per page of the audit log: a phone's few screens. */
export const AUDIT_PAGE_SIZE = 50;

const ID = /^[a-z2-7]{16}$/;

/**
 * The organisation's audit log for its admin, newest first, one page at a time: entries about its people
 * (whoever acted) and about the organisation itself, filtered by the person concerned, by who acted and by
 * local dates (both days included). Each entry names the cohort or activity its detail points at, when it does.
 */
export async function auditLog(db: Db, actor: Actor, filter: AuditLogFilter) {
	requireAuditReader(actor);
	const organisationId = actor.organisation_id;
	const timeZone = await organisationTimeZone(db, organisationId);
	const scoped = () =>
		db
			.selectFrom('audit_log')
			.leftJoin('user as subject', (join) =>
				join.onRef('subject.id', '=', 'audit_log.subject_id').on('audit_log.subject_type', '=', 'person')
			)
			.leftJoin('user as doer', 'doer.id', 'audit_log.actor_id')
			.where((eb) =>
				eb.or([
					eb.and([eb('audit_log.subject_type', '=', 'person'), eb('subject.organisation_id', '=', organisationId)]),
					eb.and([eb('audit_log.subject_type', '=', 'organisation'), eb('audit_log.subject_id', '=', organisationId)])
				])
			);
	let query = scoped();
	if (filter.person)
		query = query.where('audit_log.subject_type', '=', 'person').where('audit_log.subject_id', '=', filter.person);
	if (filter.actor) query = query.where('audit_log.actor_id', '=', filter.actor);
	if (filter.from) query = query.where('audit_log.at', '>=', zonedInstant(filter.from, '00:00', timeZone));
	if (filter.to) query = query.where('audit_log.at', '<', zonedInstant(addDays(filter.to, 1), '00:00', timeZone));
	const rows = await query
		.select([
			'audit_log.id',
			'audit_log.at',
			'audit_log.action',
			'audit_log.subject_type as subjectType',
			'audit_log.subject_id as subjectId',
			'audit_log.detail',
			'audit_log.actor_id as actorId',
			'doer.first_name as actorFirstName',
			'doer.last_name as actorLastName',
			'subject.first_name as subjectFirstName',
			'subject.last_name as subjectLastName'
		])
		.orderBy('audit_log.at', 'desc')
		.orderBy('audit_log.id', 'desc')
		.limit(AUDIT_PAGE_SIZE + 1)
		.offset((filter.page - 1) * AUDIT_PAGE_SIZE)
		.execute();
	const entries = rows.slice(0, AUDIT_PAGE_SIZE);
	const places = await placesOf(
		db,
		organisationId,
		entries.map((e) => firstWord(e.detail)).filter((w): w is string => ID.test(w ?? ''))
	);
	// Whom the filters offer: the people and the actors the organisation's log names.
	const [people, actors] = await Promise.all([
		scoped()
			.where('audit_log.subject_type', '=', 'person')
			.select(['subject.id', 'subject.first_name as firstName', 'subject.last_name as lastName'])
			.distinct()
			.execute(),
		scoped()
			.innerJoin('user as listed', 'listed.id', 'audit_log.actor_id')
			.select(['listed.id', 'listed.first_name as firstName', 'listed.last_name as lastName'])
			.distinct()
			.execute()
	]);
	const byName = <T extends { firstName: string | null; lastName: string | null }>(list: T[]) =>
		list.sort((a, b) => `${a.firstName} ${a.lastName}`.localeCompare(`${b.firstName} ${b.lastName}`, 'fr'));
	return {
		timeZone,
		entries: entries.map((e) => ({
			id: e.id,
			at: Number(e.at),
			action: e.action,
			actor: e.actorId ? { firstName: e.actorFirstName, lastName: e.actorLastName } : null,
			subject:
				e.subjectType === 'person'
					? { kind: 'person' as const, firstName: e.subjectFirstName, lastName: e.subjectLastName }
					: { kind: 'organisation' as const },
			place: places.get(firstWord(e.detail) ?? '') ?? null,
			// Which settings changed (their column names), for an organisation's entry.
			changed: e.action === 'organisation.settings' ? (e.detail ?? '').split(',').filter(Boolean) : []
		})),
		page: filter.page,
		hasNext: rows.length > AUDIT_PAGE_SIZE,
		people: byName(people.filter((p): p is typeof p & { id: string } => p.id !== null)),
		actors: byName(actors)
	};
}

const firstWord = (detail: string | null) => detail?.split(' ')[0] ?? null;

/** The cohorts and activities of the organisation these ids name: "cohort" or "activity · cohort". */
async function placesOf(db: Db, organisationId: string, ids: string[]): Promise<Map<string, string>> {
	const places = new Map<string, string>();
	const unique = [...new Set(ids)];
	if (unique.length === 0) return places;
	const [cohorts, activities] = await Promise.all([
		db
			.selectFrom('cohort')
			.select(['id', 'name'])
			.where('organisation_id', '=', organisationId)
			.where('id', 'in', unique)
			.execute(),
		db
			.selectFrom('activity')
			.innerJoin('cohort', 'cohort.id', 'activity.cohort_id')
			.select(['activity.id', 'activity.title', 'cohort.name'])
			.where('cohort.organisation_id', '=', organisationId)
			.where('activity.id', 'in', unique)
			.execute()
	]);
	for (const c of cohorts) places.set(c.id, c.name);
	for (const a of activities) places.set(a.id, `${a.title} · ${a.name}`);
	return places;
}

import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import type { Activity } from '#lib/server/db/schema.ts';
import type { Assignment, Submission } from '#lib/server/db/schema-assignments.ts';
import {
	requireCohortFacilitator,
	requireFacilitatedParticipant,
	requireOwnParticipation,
	type Actor
} from '#lib/server/auth/policy.ts';
import { DomainError, notFound } from '#lib/server/http/errors.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { zonedInstant, zonedParts } from '#lib/server/cohorts/local-time.ts';
import { notify } from '#lib/server/notifications/notifications.ts';
import { recordObservedEvidence } from '#lib/server/skills/evidence.ts';
import { documentColumns, NO_DOCUMENT, type DocumentColumns, type StagedFile } from '#lib/server/uploads/receive.ts';
import type { UploadStore } from '#lib/server/uploads/store.ts';
import type { AssignmentInput, FeedbackInput, WaiverInput } from './schemas.ts';
import { assignmentState, byUrgency, latestBy, maySubmit, type AssignmentState } from './status.ts';
import { clock } from '#lib/server/clock.ts';
import { refreshRollup } from '#lib/server/insights/rollups.ts';
import { audit } from '#lib/server/privacy/audit.ts';

/** What a page shows of an assignment, whether the facilitator wrote one or the activity stands in. */
export interface AssignmentView {
	instructions: string;
	link: string | null;
	attachment: { id: string; name: string; mime: string; size: number } | null;
	dueAt: number;
	mode: Assignment['mode'];
	groupSize: number | null;
}

const activityEnd = (a: Pick<Activity, 'starts_at' | 'duration_minutes'>) => a.starts_at + a.duration_minutes * 60_000;

function assignmentView(activity: Activity, row: Assignment | undefined): AssignmentView {
	if (!row)
		return {
			instructions: activity.objectives,
			link: null,
			attachment: null,
			dueAt: activityEnd(activity),
			mode: 'individual',
			groupSize: null
		};
	return {
		instructions: row.instructions,
		link: row.link,
		attachment: row.attachment_id
			? {
					id: row.attachment_id,
					name: row.attachment_name ?? 'document',
					mime: row.attachment_mime ?? '',
					size: row.attachment_size ?? 0
				}
			: null,
		dueAt: row.due_at,
		mode: row.mode,
		groupSize: row.mode === 'peers' ? row.group_size : null
	};
}

/** An async activity still on the timeline: the only kind that carries an assignment. */
async function asyncActivity(db: Db, activityId: string): Promise<Activity> {
	const activity = await db.selectFrom('activity').selectAll().where('id', '=', activityId).executeTakeFirst();
	if (!activity || activity.kind !== 'async' || activity.cancelled_at !== null)
		throw notFound(`async activity ${activityId}`);
	return activity;
}

const assignmentRow = (db: Db, activityId: string) =>
	db.selectFrom('assignment').selectAll().where('activity_id', '=', activityId).executeTakeFirst();

/** The waivers of these activities (all their people, or one), keyed `activityId/userId`. */
export async function waiversOf(db: Db, activityIds: readonly string[], userId?: string) {
	if (activityIds.length === 0) return new Map<string, { waivedBy: string; waivedAt: number; reason: string }>();
	const rows = await db
		.selectFrom('assignment_waiver')
		.innerJoin('user', 'user.id', 'assignment_waiver.waived_by')
		.select([
			'assignment_waiver.activity_id',
			'assignment_waiver.user_id',
			'assignment_waiver.waived_at',
			'assignment_waiver.reason',
			'user.first_name as waivedBy'
		])
		.where('assignment_waiver.activity_id', 'in', activityIds)
		.$if(userId !== undefined, (qb) => qb.where('assignment_waiver.user_id', '=', userId!))
		.execute();
	return new Map(
		rows.map((r) => [
			`${r.activity_id}/${r.user_id}`,
			{ waivedBy: r.waivedBy, waivedAt: Number(r.waived_at), reason: r.reason }
		])
	);
}

async function submissionsWithFiles(db: Db, activityId: string, userId: string, dueAt: number) {
	const submissions = await db
		.selectFrom('submission')
		.selectAll()
		.where('activity_id', '=', activityId)
		.where('user_id', '=', userId)
		.orderBy('version', 'desc')
		.execute();
	const files = submissions.length
		? await db
				.selectFrom('submission_file')
				.select(['id', 'submission_id', 'original_name', 'mime', 'size', 'width', 'height', 'source'])
				.where(
					'submission_id',
					'in',
					submissions.map((s) => s.id)
				)
				.orderBy('position')
				.execute()
		: [];
	return submissions.map((s) => ({
		id: s.id,
		version: s.version,
		text: s.text,
		status: s.status,
		submittedAt: s.submitted_at,
		late: s.submitted_at > dueAt,
		feedback: s.feedback,
		feedbackAt: s.feedback_at,
		files: files
			.filter((f) => f.submission_id === s.id)
			.map((f) => ({
				id: f.id,
				name: f.original_name,
				mime: f.mime,
				size: f.size,
				width: f.width,
				height: f.height,
				source: f.source
			}))
	}));
}

// ---------------------------------------------------------------------------------------------
// The facilitator writes the assignment
// ---------------------------------------------------------------------------------------------

/** The editor's values for every async activity of a cohort (its facilitators only). */
export async function cohortAssignments(db: Db, actor: Actor, cohortId: string) {
	const cohort = await requireCohortFacilitator(db, actor, cohortId);
	const timeZone = await organisationTimeZone(db, cohort.organisation_id);
	const activities = await db
		.selectFrom('activity')
		.selectAll()
		.where('cohort_id', '=', cohortId)
		.where('kind', '=', 'async')
		.where('cancelled_at', 'is', null)
		.execute();
	const rows = activities.length
		? await db
				.selectFrom('assignment')
				.selectAll()
				.where(
					'activity_id',
					'in',
					activities.map((a) => a.id)
				)
				.execute()
		: [];
	const byActivity = new Map(rows.map((r) => [r.activity_id, r]));
	return Object.fromEntries(
		activities.map((activity) => {
			const view = assignmentView(activity, byActivity.get(activity.id));
			const due = zonedParts(view.dueAt, timeZone);
			return [activity.id, { ...view, dueDate: due.date, dueTime: due.time, groupSize: view.groupSize ?? 2 }];
		})
	);
}

/**
 * Saves an async activity's instructions. A new attachment replaces the old one (the old file goes
 * once the row is committed). Takes charge of `attachment`: committed on success, deleted otherwise.
 */
export async function saveAssignment(
	db: Db,
	actor: Actor,
	cohortId: string,
	activityId: string,
	input: AssignmentInput,
	attachment: StagedFile | null,
	store: UploadStore,
	now = clock.now()
): Promise<void> {
	const replaced = await store.commit(attachment ? [attachment.id] : [], async () => {
		const cohort = await requireCohortFacilitator(db, actor, cohortId);
		const activity = await asyncActivity(db, activityId);
		if (activity.cohort_id !== cohortId) throw notFound(`activity ${activityId} in cohort ${cohortId}`);
		const timeZone = await organisationTimeZone(db, cohort.organisation_id);
		return db.transaction().execute(async (trx) => {
			const existing = await assignmentRow(trx, activityId);
			const keep = !attachment && !input.removeAttachment && existing;
			const file: DocumentColumns = attachment
				? documentColumns(attachment)
				: keep
					? {
							attachment_id: keep.attachment_id,
							attachment_name: keep.attachment_name,
							attachment_mime: keep.attachment_mime,
							attachment_size: keep.attachment_size,
							attachment_sha256: keep.attachment_sha256
						}
					: NO_DOCUMENT;
			const values = {
				instructions: input.instructions,
				link: input.link || null,
				...file,
				due_at: zonedInstant(input.dueDate, input.dueTime, timeZone),
				mode: input.mode,
				group_size: input.mode === 'peers' ? input.groupSize : null,
				updated_by: actor.id,
				updated_at: now
			};
			if (existing) await trx.updateTable('assignment').set(values).where('activity_id', '=', activityId).execute();
			else
				await trx
					.insertInto('assignment')
					.values({ activity_id: activityId, ...values })
					.execute();
			await refreshRollup(trx, cohortId, now);
			// The file this save lets go of, to delete once committed.
			return existing?.attachment_id && existing.attachment_id !== file.attachment_id ? existing.attachment_id : null;
		});
	});
	if (replaced) await store.remove([replaced]);
}

// ---------------------------------------------------------------------------------------------
// The participant reads it and hands in
// ---------------------------------------------------------------------------------------------

/** The participant's page of one assignment: instructions, their versions, the feedback, what they may do. */
export async function participantAssignment(db: Db, actor: Actor, activityId: string, now = clock.now()) {
	const activity = await asyncActivity(db, activityId);
	const cohort = await requireOwnParticipation(db, actor, activity.cohort_id);
	const assignment = assignmentView(activity, await assignmentRow(db, activityId));
	const submissions = await submissionsWithFiles(db, activityId, actor.id, assignment.dueAt);
	const latest = submissions[0] && { status: submissions[0].status, submitted_at: submissions[0].submittedAt };
	const waived = (await waiversOf(db, [activityId], actor.id)).has(`${activityId}/${actor.id}`);
	return {
		activity: { id: activity.id, title: activity.title, startsAt: activity.starts_at },
		cohort: { id: cohort.id, name: cohort.name },
		timeZone: await organisationTimeZone(db, cohort.organisation_id),
		assignment,
		submissions,
		state: assignmentState(latest, assignment.dueAt, now, waived),
		canSubmit: maySubmit(latest),
		/** The version a send would make. */
		nextVersion: (submissions[0]?.version ?? 0) + 1
	};
}

/**
 * Checks, before a byte of an upload is read, that this participant may send work for this activity
 * now. A draft sent again (its first answer was lost on the way) names the submission it already
 * made: that one is returned, and nothing needs reading.
 */
export async function requireSubmitter(
	db: Db,
	actor: Actor,
	activityId: string,
	clientRef = ''
): Promise<{ submissionId: string; version: number } | null> {
	const activity = await asyncActivity(db, activityId);
	await requireOwnParticipation(db, actor, activity.cohort_id);
	if (clientRef) {
		const same = await db
			.selectFrom('submission')
			.select(['id', 'version'])
			.where('activity_id', '=', activityId)
			.where('user_id', '=', actor.id)
			.where('client_ref', '=', clientRef)
			.executeTakeFirst();
		if (same) return { submissionId: same.id, version: same.version };
	}
	const latest = await db
		.selectFrom('submission')
		.select(['status', 'submitted_at'])
		.where('activity_id', '=', activityId)
		.where('user_id', '=', actor.id)
		.orderBy('version', 'desc')
		.executeTakeFirst();
	if (!maySubmit(latest))
		throw new DomainError(409, 'assignment_already_sent', `user ${actor.id} has a version of ${activityId} waiting`);
	return null;
}

/**
 * Stores one version of a participant's work: the submission, its files and the skill evidence
 * in one transaction; the files move into the store only once it is committed. Takes charge of
 * `files`: on any refusal or failure they are deleted and nothing is written.
 * A send repeated with the same `clientRef` (the answer to the first was lost) returns the first.
 */
export async function submitWork(
	db: Db,
	actor: Actor,
	activityId: string,
	input: { text: string; clientRef: string; files: StagedFile[] },
	store: UploadStore,
	now = clock.now()
): Promise<{ submissionId: string; version: number; repeated: boolean }> {
	const ids = input.files.map((f) => f.id);
	// A repeated send keeps the first one's files: this one's are dropped.
	return store.commit(
		ids,
		() => storeSubmission(db, actor, activityId, input, now),
		(r) => (r.repeated ? [] : ids)
	);
}

async function storeSubmission(
	db: Db,
	actor: Actor,
	activityId: string,
	input: { text: string; clientRef: string; files: StagedFile[] },
	now: number
): Promise<{ submissionId: string; version: number; repeated: boolean }> {
	try {
		const activity = await asyncActivity(db, activityId);
		await requireOwnParticipation(db, actor, activity.cohort_id);
		if (!input.text && !input.files.length) throw new DomainError(400, 'assignment_empty', 'nothing to send');
		return await db.transaction().execute(async (trx) => {
			if (input.clientRef) {
				const same = await trx
					.selectFrom('submission')
					.select(['id', 'version'])
					.where('activity_id', '=', activityId)
					.where('user_id', '=', actor.id)
					.where('client_ref', '=', input.clientRef)
					.executeTakeFirst();
				if (same) return { submissionId: same.id, version: same.version, repeated: true };
			}
			const latest = await trx
				.selectFrom('submission')
				.select(['version', 'status', 'submitted_at'])
				.where('activity_id', '=', activityId)
				.where('user_id', '=', actor.id)
				.orderBy('version', 'desc')
				.executeTakeFirst();
			if (!maySubmit(latest))
				throw new DomainError(
					409,
					'assignment_already_sent',
					`user ${actor.id} has a version of ${activityId} waiting`
				);
			const submissionId = newId();
			const version = (latest?.version ?? 0) + 1;
			await trx
				.insertInto('submission')
				.values({
					id: submissionId,
					activity_id: activityId,
					user_id: actor.id,
					version,
					text: input.text,
					status: 'submitted',
					client_ref: input.clientRef || null,
					submitted_at: now,
					feedback: null,
					feedback_by: null,
					feedback_at: null
				})
				.execute();
			await refreshRollup(trx, activity.cohort_id, now, actor.id);
			if (input.files.length) {
				await trx
					.insertInto('submission_file')
					.values(
						input.files.map((f, position) => ({
							id: f.id,
							submission_id: submissionId,
							position,
							original_name: f.originalName,
							mime: f.mime,
							size: f.size,
							sha256: f.sha256,
							width: f.width,
							height: f.height,
							source: f.field === 'photos' ? ('camera' as const) : ('file' as const),
							created_at: now
						}))
					)
					.execute();
				// What the app saw: a document sent from the phone, and a document photographed with it.
				await recordObservedEvidence(trx, {
					userId: actor.id,
					skillId: 'send_document',
					level: 'autonomous',
					event: 'first_upload',
					eventRef: submissionId,
					at: now
				});
				if (input.files.some((f) => f.field === 'photos' && f.mime.startsWith('image/'))) {
					await recordObservedEvidence(trx, {
						userId: actor.id,
						skillId: 'photo_document',
						level: 'autonomous',
						event: 'first_upload',
						eventRef: submissionId,
						at: now
					});
				}
			}
			return { submissionId, version, repeated: false };
		});
	} catch (e) {
		// Two sends of one version raced: the unique (activity, user, version) refused the second.
		if (
			!(e instanceof DomainError) &&
			/submission_(version|client_ref)_uq|submission\.(version|client_ref)/.test(String((e as Error)?.message))
		) {
			throw new DomainError(409, 'assignment_already_sent', String(e));
		}
		throw e;
	}
}

/** The participant's "À faire": open assignments, and recent ones with something to say (late, feedback, redo). */
export async function myAssignments(db: Db, actor: Actor, now = clock.now()) {
	const rows = await db
		.selectFrom('activity')
		.innerJoin('cohort_member', 'cohort_member.cohort_id', 'activity.cohort_id')
		.innerJoin('cohort', 'cohort.id', 'activity.cohort_id')
		.leftJoin('assignment', 'assignment.activity_id', 'activity.id')
		.select([
			'activity.id',
			'activity.title',
			'activity.starts_at',
			'activity.duration_minutes',
			'cohort.name as cohortName',
			'assignment.due_at'
		])
		.where('cohort_member.user_id', '=', actor.id)
		.where('cohort_member.role', '=', 'participant')
		.where('activity.kind', '=', 'async')
		.where('activity.cancelled_at', 'is', null)
		.execute();
	const submissions = rows.length
		? await db
				.selectFrom('submission')
				.select(['activity_id', 'version', 'status', 'submitted_at', 'feedback', 'feedback_at'])
				.where('user_id', '=', actor.id)
				.where(
					'activity_id',
					'in',
					rows.map((r) => r.id)
				)
				.execute()
		: [];
	const latest = latestBy(submissions, (s) => s.activity_id);
	const waived = await waiversOf(
		db,
		rows.map((r) => r.id),
		actor.id
	);
	const RECENT = 14 * 864e5;
	// Late work stays as long as the facilitator sees it late (assignmentOverview): until it is handed in.
	// At most 8 lines, but never without one to redo or late (they come first in byUrgency).
	const urgent = (item: { state: AssignmentState }) => item.state === 'redo' || item.state === 'late';
	return rows
		.map((r) => {
			const dueAt = r.due_at ?? activityEnd(r);
			const last = latest.get(r.id);
			const state: AssignmentState = assignmentState(last, dueAt, now, waived.has(`${r.id}/${actor.id}`));
			return {
				id: r.id,
				title: r.title,
				cohortName: r.cohortName,
				dueAt,
				state,
				feedback: last?.feedback ?? null,
				feedbackAt: last?.feedback_at ?? null
			};
		})
		.filter((item) => {
			// Let off it: nothing to do any more.
			if (item.state === 'waived') return false;
			if (item.dueAt >= now || urgent(item)) return true;
			return item.state === 'reviewed' && now - (item.feedbackAt ?? 0) < RECENT;
		})
		.sort(byUrgency)
		.filter((item, index) => index < 8 || urgent(item));
}

// ---------------------------------------------------------------------------------------------
// The facilitator reads and answers
// ---------------------------------------------------------------------------------------------

/** Every participant of the cohort with where they stand on this assignment (its facilitators only). */
export async function assignmentOverview(db: Db, actor: Actor, activityId: string, now = clock.now()) {
	const activity = await asyncActivity(db, activityId);
	const cohort = await requireCohortFacilitator(db, actor, activity.cohort_id);
	const assignment = assignmentView(activity, await assignmentRow(db, activityId));
	const people = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.first_name', 'user.last_name'])
		.where('cohort_member.cohort_id', '=', activity.cohort_id)
		.where('cohort_member.role', '=', 'participant')
		.orderBy('user.first_name')
		.execute();
	const submissions = await db
		.selectFrom('submission')
		.select(['id', 'user_id', 'version', 'status', 'submitted_at'])
		.where('activity_id', '=', activityId)
		.execute();
	const latest = latestBy(submissions, (s) => s.user_id);
	const waived = await waiversOf(db, [activityId]);
	const lines = people.map((p) => {
		const last = latest.get(p.id);
		return {
			userId: p.id,
			name: [p.first_name, p.last_name].filter(Boolean).join(' '),
			state: assignmentState(last, assignment.dueAt, now, waived.has(`${activityId}/${p.id}`)),
			version: last?.version ?? null,
			submittedAt: last?.submitted_at ?? null,
			late: last ? last.submitted_at > assignment.dueAt : now > assignment.dueAt
		};
	});
	return {
		cohort: { id: cohort.id, name: cohort.name },
		activity: { id: activity.id, title: activity.title },
		timeZone: await organisationTimeZone(db, cohort.organisation_id),
		assignment,
		lines,
		counts: {
			sent: lines.filter((l) => l.state !== 'todo' && l.state !== 'late' && l.state !== 'waived').length,
			late: lines.filter((l) => l.state === 'late').length,
			notYet: lines.filter((l) => l.state === 'todo').length
		}
	};
}

/** One participant's versions of one assignment, for its facilitators. */
export async function participantWork(db: Db, actor: Actor, activityId: string, userId: string, now = clock.now()) {
	const activity = await asyncActivity(db, activityId);
	const { cohort, person } = await requireFacilitatedParticipant(db, actor, activity.cohort_id, userId);
	const assignment = assignmentView(activity, await assignmentRow(db, activityId));
	const submissions = await submissionsWithFiles(db, activityId, userId, assignment.dueAt);
	const latest = submissions[0] && { status: submissions[0].status, submitted_at: submissions[0].submittedAt };
	const waiver = (await waiversOf(db, [activityId], userId)).get(`${activityId}/${userId}`) ?? null;
	return {
		cohort: { id: cohort.id, name: cohort.name },
		activity: { id: activity.id, title: activity.title },
		timeZone: await organisationTimeZone(db, cohort.organisation_id),
		person: {
			id: person.id,
			name: [person.first_name, person.last_name].filter(Boolean).join(' '),
			firstName: person.first_name
		},
		assignment,
		submissions,
		waiver,
		state: assignmentState(latest, assignment.dueAt, now, waiver !== null)
	};
}

/**
 * A facilitator of the cohort lets a participant off an assignment they have not handed in (`waive`), or takes
 * it back: it leaves (or comes back to) their "À faire", their late work and the director's missing work.
 * Audited, with the director's figures refreshed in the same transaction.
 */
export async function setWaiver(
	db: Db,
	actor: Actor,
	activityId: string,
	userId: string,
	waive: boolean,
	input: WaiverInput,
	now = clock.now()
): Promise<void> {
	const activity = await asyncActivity(db, activityId);
	await requireFacilitatedParticipant(db, actor, activity.cohort_id, userId);
	await db.transaction().execute(async (trx) => {
		if (waive) {
			const sent = await trx
				.selectFrom('submission')
				.select('id')
				.where('activity_id', '=', activityId)
				.where('user_id', '=', userId)
				.executeTakeFirst();
			if (sent) throw new DomainError(409, 'assignment_waive_after_handin', `${userId} handed in ${activityId}`);
			await trx
				.insertInto('assignment_waiver')
				.values({ activity_id: activityId, user_id: userId, waived_by: actor.id, waived_at: now, reason: input.reason })
				.onConflict((oc) =>
					oc
						.columns(['activity_id', 'user_id'])
						.doUpdateSet({ waived_by: actor.id, waived_at: now, reason: input.reason })
				)
				.execute();
		} else {
			await trx
				.deleteFrom('assignment_waiver')
				.where('activity_id', '=', activityId)
				.where('user_id', '=', userId)
				.execute();
		}
		await audit(
			trx,
			{
				actorId: actor.id,
				action: waive ? 'assignment.waive' : 'assignment.unwaive',
				subjectType: 'person',
				subjectId: userId,
				detail: activityId
			},
			now
		);
		await refreshRollup(trx, activity.cohort_id, now, userId);
	});
}

/**
 * Feedback on a participant's latest version; with `newVersion` they are asked for another one.
 * The participant is told (a notification leading to the assignment).
 */
export async function giveFeedback(
	db: Db,
	actor: Actor,
	activityId: string,
	userId: string,
	input: FeedbackInput,
	now = clock.now()
): Promise<void> {
	const activity = await asyncActivity(db, activityId);
	await requireFacilitatedParticipant(db, actor, activity.cohort_id, userId);
	const submission: Pick<Submission, 'id' | 'version'> | undefined = await db
		.selectFrom('submission')
		.select(['id', 'version'])
		.where('id', '=', input.submissionId)
		.where('activity_id', '=', activityId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	if (!submission) throw notFound(`submission ${input.submissionId} of ${userId} for ${activityId}`);
	const newer = await db
		.selectFrom('submission')
		.select('id')
		.where('activity_id', '=', activityId)
		.where('user_id', '=', userId)
		.where('version', '>', submission.version)
		.executeTakeFirst();
	// The participant sent a new version while the facilitator was reading the old one.
	if (newer)
		throw new DomainError(409, 'assignment_feedback_outdated', `submission ${submission.id} has a newer version`);
	await db
		.updateTable('submission')
		.set({
			feedback: input.feedback,
			feedback_by: actor.id,
			feedback_at: now,
			status: input.newVersion ? 'changes_requested' : 'reviewed'
		})
		.where('id', '=', submission.id)
		.execute();
	await notify(
		db,
		{
			userId,
			kind: 'feedback',
			params: { title: activity.title, newVersion: input.newVersion ? 1 : 0 },
			href: `/me/assignments/${activityId}`
		},
		now
	);
}

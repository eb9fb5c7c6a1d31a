import type { Db } from '#lib/server/db/index.ts';
import { cohortAccess, requireCohortFacilitator, requireProgrammeReader, type Actor } from '#lib/server/auth/policy.ts';
import { forbidden, notFound } from '#lib/server/http/errors.ts';
import type { UploadStore } from '#lib/server/uploads/store.ts';
import { clock } from '#lib/server/clock.ts';
import { startJobLoop } from '#lib/server/jobs/loop.ts';

/**
 * One stored file, for whoever may read it: a submission's file for the participant who sent it
 * and the cohort's facilitators (never another participant, never a director or admin: it is
 * someone's work); an assignment's attachment for the cohort's participants and facilitators; a programme
 * block's document for whoever may read the programme (its staff: facilitators, director, admin).
 */
export async function openFile(db: Db, actor: Actor, fileId: string, store: UploadStore) {
	const submitted = await db
		.selectFrom('submission_file')
		.innerJoin('submission', 'submission.id', 'submission_file.submission_id')
		.innerJoin('activity', 'activity.id', 'submission.activity_id')
		.select([
			'submission_file.original_name',
			'submission_file.mime',
			'submission_file.size',
			'submission.user_id',
			'activity.cohort_id'
		])
		.where('submission_file.id', '=', fileId)
		.executeTakeFirst();
	if (submitted) {
		if (submitted.user_id !== actor.id) await requireCohortFacilitator(db, actor, submitted.cohort_id);
		return { path: store.path(fileId), name: submitted.original_name, mime: submitted.mime, size: submitted.size };
	}
	const attached = await db
		.selectFrom('assignment')
		.innerJoin('activity', 'activity.id', 'assignment.activity_id')
		.select([
			'assignment.attachment_name',
			'assignment.attachment_mime',
			'assignment.attachment_size',
			'activity.cohort_id'
		])
		.where('assignment.attachment_id', '=', fileId)
		.executeTakeFirst();
	if (attached) {
		const { access } = await cohortAccess(db, actor, attached.cohort_id);
		if (access === 'overview')
			throw forbidden(`user ${actor.id} reads figures of cohort ${attached.cohort_id}, not its files`);
		return {
			path: store.path(fileId),
			name: attached.attachment_name ?? 'document',
			mime: attached.attachment_mime ?? 'application/octet-stream',
			size: attached.attachment_size ?? 0
		};
	}
	const block = await db
		.selectFrom('programme_block')
		.innerJoin('programme', 'programme.id', 'programme_block.programme_id')
		.select([
			'programme_block.attachment_name',
			'programme_block.attachment_mime',
			'programme_block.attachment_size',
			'programme.organisation_id'
		])
		.where('programme_block.attachment_id', '=', fileId)
		.executeTakeFirst();
	if (block) {
		requireProgrammeReader(actor);
		if (block.organisation_id !== actor.organisation_id) throw notFound(`file ${fileId}`);
		return {
			path: store.path(fileId),
			name: block.attachment_name ?? 'document',
			mime: block.attachment_mime ?? 'application/octet-stream',
			size: block.attachment_size ?? 0
		};
	}
	throw notFound(`file ${fileId}`);
}

/** The files an activity's rows point at (removed from disk with the activity). */
export async function activityFileIds(db: Db, activityId: string): Promise<string[]> {
	const submitted = await db
		.selectFrom('submission_file')
		.innerJoin('submission', 'submission.id', 'submission_file.submission_id')
		.select('submission_file.id')
		.where('submission.activity_id', '=', activityId)
		.execute();
	const attached = await db
		.selectFrom('assignment')
		.select('attachment_id')
		.where('activity_id', '=', activityId)
		.where('attachment_id', 'is not', null)
		.execute();
	return [...submitted.map((f) => f.id), ...attached.map((a) => a.attachment_id as string)];
}

async function knownIds(db: Db, ids: string[]): Promise<Set<string>> {
	const known = new Set<string>();
	for (let at = 0; at < ids.length; at += 500) {
		const batch = ids.slice(at, at + 500);
		for (const r of await db.selectFrom('submission_file').select('id').where('id', 'in', batch).execute())
			known.add(r.id);
		for (const r of await db
			.selectFrom('assignment')
			.select('attachment_id')
			.where('attachment_id', 'in', batch)
			.execute())
			known.add(r.attachment_id as string);
		for (const r of await db
			.selectFrom('programme_block')
			.select('attachment_id')
			.where('attachment_id', 'in', batch)
			.execute())
			known.add(r.attachment_id as string);
	}
	return known;
}

/**
 * A temporary file untouched this long belongs to no upload still arriving: a file being received is
 * written at least every minute (the stall limit of uploads/multipart.ts), and a whole form of 5 × 10 MB
 * on a 1 Mbit/s phone line is over in 7 minutes. Left by a killed app, it goes at the next start.
 */
export const TEMP_STALE_MS = 10 * 60_000;

/**
 * Puts the store back in step with the database after a crash or a cut (at start, then hourly): a
 * temporary file whose row was committed is moved into place (the move after the commit did not
 * happen); temporary files no row names are deleted once untouched for `tempMaxAgeMs`, stored files
 * no row names once older than `maxAgeMs`.
 */
export async function sweepUploads(
	db: Db,
	store: UploadStore,
	now = clock.now(),
	maxAgeMs = 60 * 60_000,
	tempMaxAgeMs = TEMP_STALE_MS
) {
	const result = { promoted: 0, removed: 0 };
	const temps = await store.list('tmp', now);
	const knownTemps = await knownIds(
		db,
		temps.map((f) => f.id)
	);
	for (const file of temps) {
		if (knownTemps.has(file.id)) {
			await store.promote([file.id]);
			result.promoted++;
		} else if (file.ageMs > tempMaxAgeMs) {
			await store.discardTemp([file.id]);
			result.removed++;
		}
	}
	const stored = (await store.list('final', now)).filter((f) => f.ageMs > maxAgeMs);
	const knownStored = await knownIds(
		db,
		stored.map((f) => f.id)
	);
	for (const file of stored.filter((f) => !knownStored.has(f.id))) {
		await store.remove([file.id]);
		result.removed++;
	}
	return result;
}

/** Sweeps the upload store now and then every `everyMs`, on one app instance at a time (the store is shared). */
export function startUploadSweeper(db: Db, store: UploadStore, everyMs = 60 * 60_000): () => Promise<void> {
	return startJobLoop(db, {
		name: 'upload-sweep',
		everyMs,
		runAtStart: true,
		run: async () => void (await sweepUploads(db, store))
	});
}

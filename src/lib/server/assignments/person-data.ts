import type { Db } from '#lib/server/db/index.ts';
import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';

/** The ids of the files the person uploaded (removed from disk once the erasure is committed). */
export async function uploadedFileIds(db: Db, userId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('submission_file')
		.innerJoin('submission', 'submission.id', 'submission_file.submission_id')
		.select('submission_file.id')
		.where('submission.user_id', '=', userId)
		.execute();
	return rows.map((r) => r.id);
}

/**
 * Submissions: the export gives every version with its feedback and its files' metadata. Erasure
 * keeps each version's status (the cohort's counts) but its text, feedback and files go.
 */
export const submissionsPersonData: PersonDataSection = {
	key: 'submissions',
	collect: async (db, userId) => {
		const submissions = await db
			.selectFrom('submission')
			.select([
				'id',
				'activity_id',
				'version',
				'text',
				'status',
				'submitted_at',
				'feedback',
				'feedback_by',
				'feedback_at'
			])
			.where('user_id', '=', userId)
			.orderBy('submitted_at')
			.execute();
		const files = submissions.length
			? await db
					.selectFrom('submission_file')
					.select([
						'submission_id',
						'position',
						'original_name',
						'mime',
						'size',
						'sha256',
						'width',
						'height',
						'source',
						'created_at'
					])
					.where(
						'submission_id',
						'in',
						submissions.map((s) => s.id)
					)
					.orderBy('position')
					.execute()
			: [];
		return submissions.map((s) => ({ ...s, files: files.filter((f) => f.submission_id === s.id) }));
	},
	erase: async (trx, userId) => {
		const ids = (await trx.selectFrom('submission').select('id').where('user_id', '=', userId).execute()).map(
			(r) => r.id
		);
		if (!ids.length) return;
		await trx.deleteFrom('submission_file').where('submission_id', 'in', ids).execute();
		await trx
			.updateTable('submission')
			.set({ text: '', feedback: null, client_ref: null })
			.where('id', 'in', ids)
			.execute();
	}
};

/** Work the person was let off: the export gives each with who, when and why; erasure keeps the fact, not the why. */
export const waiversPersonData: PersonDataSection = {
	key: 'waivers',
	collect: (db, userId) =>
		db
			.selectFrom('assignment_waiver')
			.select(['activity_id', 'waived_by', 'waived_at', 'reason'])
			.where('user_id', '=', userId)
			.orderBy('waived_at')
			.execute(),
	erase: async (trx, userId) => {
		await trx.updateTable('assignment_waiver').set({ reason: '' }).where('user_id', '=', userId).execute();
	}
};

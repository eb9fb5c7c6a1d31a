import type { Db } from '#lib/server/db/index.ts';
import { requireOrganisationEditor, type Actor } from '#lib/server/auth/policy.ts';
import { audit } from '#lib/server/privacy/audit.ts';
import { clock } from '#lib/server/clock.ts';
import { inTransaction, refreshRollups } from '#lib/server/insights/rollups.ts';
import type { OrganisationSettingsInput } from './schemas.ts';

/** The attendance rules of the organisation a cohort belongs to: the register, the check-in and the figures follow them. */
export interface AttendanceRules {
	thresholdPercent: number;
	lateAfterMinutes: number;
}

export async function attendanceRulesOfCohort(db: Db, cohortId: string): Promise<AttendanceRules> {
	const row = await db
		.selectFrom('cohort')
		.innerJoin('organisation', 'organisation.id', 'cohort.organisation_id')
		.select(['organisation.attendance_threshold_percent', 'organisation.late_after_minutes'])
		.where('cohort.id', '=', cohortId)
		.executeTakeFirstOrThrow();
	return { thresholdPercent: row.attendance_threshold_percent, lateAfterMinutes: row.late_after_minutes };
}

/** The organisation's settings, for its admin. */
export async function organisationSettings(db: Db, actor: Actor) {
	requireOrganisationEditor(actor);
	const row = await db
		.selectFrom('organisation')
		.select(['name', 'time_zone', 'attendance_threshold_percent', 'late_after_minutes'])
		.where('id', '=', actor.organisation_id)
		.executeTakeFirstOrThrow();
	return {
		name: row.name,
		timeZone: row.time_zone,
		thresholdPercent: row.attendance_threshold_percent,
		lateAfterMinutes: row.late_after_minutes
	};
}

/**
 * The admin changes the organisation's settings; the audit log keeps which ones changed. A new time zone moves
 * the days the director's figures are counted on (work due, the first week), so every cohort's rollup is
 * recomputed in the same transaction; the threshold is read with the cohorts each time the figures are made
 * (insights/facts.ts), so it needs none. Dated activities keep their instants.
 */
export async function updateOrganisationSettings(
	db: Db,
	actor: Actor,
	input: OrganisationSettingsInput,
	now = clock.now()
): Promise<void> {
	requireOrganisationEditor(actor);
	await inTransaction(db, async (trx) => {
		const before = await trx
			.selectFrom('organisation')
			.select(['name', 'time_zone', 'attendance_threshold_percent', 'late_after_minutes'])
			.where('id', '=', actor.organisation_id)
			.executeTakeFirstOrThrow();
		const after = {
			name: input.name,
			time_zone: input.timeZone,
			attendance_threshold_percent: input.thresholdPercent,
			late_after_minutes: input.lateAfterMinutes
		};
		const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => before[k] !== after[k]);
		if (changed.length === 0) return;
		await trx.updateTable('organisation').set(after).where('id', '=', actor.organisation_id).execute();
		if (changed.includes('time_zone')) {
			const cohorts = await trx
				.selectFrom('cohort')
				.select('id')
				.where('organisation_id', '=', actor.organisation_id)
				.execute();
			await refreshRollups(
				trx,
				cohorts.map((c) => c.id),
				now
			);
		}
		await audit(
			trx,
			{
				actorId: actor.id,
				action: 'organisation.settings',
				subjectType: 'organisation',
				subjectId: actor.organisation_id,
				detail: changed.join(',')
			},
			now
		);
	});
}

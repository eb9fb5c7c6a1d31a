import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { DomainError, notFound } from '#lib/server/http/errors.ts';
import {
	requireCohortFacilitator,
	requireFacilitatedParticipant,
	requireOwnParticipation,
	requireParticipant,
	type Actor
} from '#lib/server/auth/policy.ts';
import { CALENDAR_COLUMNS, myParticipantCohorts } from '#lib/server/cohorts/cohorts.ts';
import { addDays, zonedParts } from '#lib/server/cohorts/local-time.ts';
import { notify } from '#lib/server/notifications/notifications.ts';
import { ERASED_NAME } from '#lib/erased.ts';
import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';
import {
	isAnyEmployment,
	type Checkpoint,
	type ContractDurationBand,
	type OutcomeSource,
	type RecordedSituation,
	type Situation
} from '#lib/outcomes/situations.ts';
import type { AttemptInput, CheckpointAnswerInput, ExitInput } from './schemas.ts';
import {
	checkpointWindow,
	DEFAULT_FOLLOW_UP,
	FOLLOW_UP_CHECKPOINTS,
	MAX_FAILED_ATTEMPTS,
	windowState,
	type FollowUpCheckpoint,
	type FollowUpSettings,
	type WindowState
} from './schedule.ts';
import { clock } from '#lib/server/clock.ts';
import { inTransaction, refreshRollup } from '#lib/server/insights/rollups.ts';

const recordColumns = [
	'id',
	'cohort_id',
	'user_id',
	'checkpoint',
	'situation',
	'contract_band',
	'source',
	'recorded_by',
	'recorded_at',
	'superseded_at',
	'note'
] as const;

/** A cohort with what its follow-up calendar needs: end date, the programme's settings, the club's time zone. */
export async function cohortCalendar(db: Db, cohortId: string) {
	const row = await db
		.selectFrom('cohort')
		.innerJoin('organisation', 'organisation.id', 'cohort.organisation_id')
		.leftJoin('programme', 'programme.id', 'cohort.programme_id')
		.select(CALENDAR_COLUMNS)
		.where('cohort.id', '=', cohortId)
		.executeTakeFirst();
	if (!row) throw notFound(`cohort ${cohortId}`);
	return { ...row, settings: settingsOf(row) };
}

export function settingsOf(row: {
	follow_up_m3_days: number | null;
	follow_up_m6_days: number | null;
	follow_up_window_days: number | null;
}): FollowUpSettings {
	return {
		m3Days: row.follow_up_m3_days ?? DEFAULT_FOLLOW_UP.m3Days,
		m6Days: row.follow_up_m6_days ?? DEFAULT_FOLLOW_UP.m6Days,
		windowDays: row.follow_up_window_days ?? DEFAULT_FOLLOW_UP.windowDays
	};
}

export const isErased = (person: { first_name: string; disabled_at: number | null }) =>
	person.first_name === ERASED_NAME || person.disabled_at !== null;

/** A contract band only means something for a job. */
const bandFor = (situation: Situation, band: ContractDurationBand | null) => (isAnyEmployment(situation) ? band : null);

interface NewRecord {
	cohortId: string;
	userId: string;
	checkpoint: Checkpoint;
	situation: RecordedSituation;
	contractBand: ContractDurationBand | null;
	source: OutcomeSource;
	recordedBy: string | null;
	note: string | null;
}

/** Replaces a checkpoint's current record: the previous one is superseded (kept), the new one becomes current. */
async function writeRecord(trx: Db, record: NewRecord, now: number): Promise<string> {
	await trx
		.updateTable('outcome_record')
		.set({ superseded_at: now })
		.where('cohort_id', '=', record.cohortId)
		.where('user_id', '=', record.userId)
		.where('checkpoint', '=', record.checkpoint)
		.where('superseded_at', 'is', null)
		.execute();
	const id = newId();
	await trx
		.insertInto('outcome_record')
		.values({
			id,
			cohort_id: record.cohortId,
			user_id: record.userId,
			checkpoint: record.checkpoint,
			situation: record.situation,
			contract_band: record.contractBand,
			source: record.source,
			recorded_by: record.recordedBy,
			recorded_at: now,
			superseded_at: null,
			note: record.note
		})
		.execute();
	await refreshRollup(trx, record.cohortId, now, record.userId);
	return id;
}

/**
 * Closes a checkpoint as "sans nouvelles" unless it already holds a record. The partial unique index
 * of migration 0014 makes this safe when several app instances close the same checkpoint at once.
 */
async function closeAsNoNews(db: Db, cohortId: string, userId: string, checkpoint: Checkpoint, now: number) {
	return inTransaction(db, async (trx) => {
		const result = await trx
			.insertInto('outcome_record')
			.values({
				id: newId(),
				cohort_id: cohortId,
				user_id: userId,
				checkpoint,
				situation: 'no_news',
				contract_band: null,
				source: 'system',
				recorded_by: null,
				recorded_at: now,
				superseded_at: null,
				note: null
			})
			.onConflict((oc) => oc.doNothing())
			.executeTakeFirst();
		const inserted = Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
		if (inserted) await refreshRollup(trx, cohortId, now, userId);
		return inserted;
	});
}

/** Every version of one person's record at one checkpoint (the current one has no superseded_at). */
const recordVersions = (db: Db, cohortId: string, userId: string, checkpoint: Checkpoint) =>
	db
		.selectFrom('outcome_record')
		.select(recordColumns)
		.where('cohort_id', '=', cohortId)
		.where('user_id', '=', userId)
		.where('checkpoint', '=', checkpoint);

async function currentRecord(db: Db, cohortId: string, userId: string, checkpoint: Checkpoint) {
	return recordVersions(db, cohortId, userId, checkpoint).where('superseded_at', 'is', null).executeTakeFirst();
}

async function exitOf(db: Db, cohortId: string, userId: string) {
	return db
		.selectFrom('participant_exit')
		.selectAll()
		.where('cohort_id', '=', cohortId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
}

/**
 * A facilitator records how the club ended for a person: the exit (date, completed or left early and
 * why) and their situation at exit, in one transaction. A second exit replaces the first; the exit
 * situation's history is kept. Refused: an erased person (410), a date before they joined or after
 * the cohort's end (and today), an early leaving without a reason (the schema says so).
 */
export async function recordExit(
	db: Db,
	actor: Actor,
	cohortId: string,
	userId: string,
	input: ExitInput,
	now = clock.now()
): Promise<void> {
	const { person } = await requireFacilitatedParticipant(db, actor, cohortId, userId);
	if (isErased(person)) throw new DomainError(410, 'outcome_error_erased', `user ${userId} is erased`);
	const calendar = await cohortCalendar(db, cohortId);
	const joinedOn = zonedParts(person.joined_at, calendar.time_zone).date;
	if (input.exitDate < joinedOn)
		throw new DomainError(400, 'outcome_error_exit_before_join', `${input.exitDate} < ${joinedOn}`);
	const today = zonedParts(now, calendar.time_zone).date;
	const latest = calendar.end_date > today ? calendar.end_date : today;
	if (input.exitDate > latest) throw new DomainError(400, 'outcome_error_exit_future', `${input.exitDate} > ${latest}`);
	const exit = {
		exit_date: input.exitDate,
		ending: input.ending,
		early_reason: input.ending === 'left_early' ? input.earlyReason : null,
		recorded_by: actor.id,
		recorded_at: now
	};
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('participant_exit')
			.values({ cohort_id: cohortId, user_id: userId, ...exit })
			.onConflict((oc) => oc.columns(['cohort_id', 'user_id']).doUpdateSet(exit))
			.execute();
		await writeRecord(
			trx,
			{
				cohortId,
				userId,
				checkpoint: 'exit',
				situation: input.situation,
				contractBand: bandFor(input.situation, input.contractBand),
				source: 'facilitator_contact',
				recordedBy: actor.id,
				note: null
			},
			now
		);
	});
}

/**
 * A facilitator of the cohort records a person's situation at a checkpoint (what the person told them,
 * or a document showed), replacing the current record (kept as history): the +3/+6 checkpoints only
 * while open, the exit once recorded. Anyone else is refused (403); an erased person is 410; outside
 * the window is 409.
 */
export async function recordCheckpoint(
	db: Db,
	actor: Actor,
	cohortId: string,
	userId: string,
	input: CheckpointAnswerInput & { source?: 'facilitator_contact' | 'document'; note?: string | null },
	now = clock.now()
): Promise<string> {
	const { person } = await requireFacilitatedParticipant(db, actor, cohortId, userId);
	if (isErased(person)) throw new DomainError(410, 'outcome_error_erased', `user ${userId} is erased`);
	return writeCheckpoint(db, actor, cohortId, userId, input, input.source ?? 'facilitator_contact', now);
}

/**
 * The person answers for themself, in a cohort of theirs (source 'participant'), only while the
 * checkpoint's window is open (for the exit: once an exit is recorded, until its window closes).
 * Staff, and participants of other cohorts, are refused (403).
 */
export async function answerMyCheckpoint(
	db: Db,
	actor: Actor,
	cohortId: string,
	input: CheckpointAnswerInput,
	now = clock.now()
): Promise<string> {
	await requireOwnParticipation(db, actor, cohortId);
	return writeCheckpoint(db, actor, cohortId, actor.id, { ...input, note: null }, 'participant', now);
}

async function writeCheckpoint(
	db: Db,
	actor: Actor,
	cohortId: string,
	userId: string,
	input: CheckpointAnswerInput & { note?: string | null },
	source: OutcomeSource,
	now: number
): Promise<string> {
	const calendar = await cohortCalendar(db, cohortId);
	const exit = await exitOf(db, cohortId, userId);
	if (input.checkpoint === 'exit' && !exit)
		throw new DomainError(409, 'outcome_error_no_exit', `no exit for ${userId}`);
	const window = checkpointWindow(
		input.checkpoint,
		calendar.end_date,
		calendar.settings,
		calendar.time_zone,
		exit?.exit_date
	);
	const staffOnExit = input.checkpoint === 'exit' && source !== 'participant';
	if (!staffOnExit && windowState(window, now) !== 'open')
		throw new DomainError(409, 'outcome_error_window', `${input.checkpoint} of ${cohortId} is not open`);
	return db.transaction().execute((trx) =>
		writeRecord(
			trx,
			{
				cohortId,
				userId,
				checkpoint: input.checkpoint,
				situation: input.situation,
				contractBand: bandFor(input.situation, input.contractBand),
				source,
				recordedBy: actor.id,
				note: input.note ?? null
			},
			now
		)
	);
}

/**
 * A facilitator logs one attempt to reach a person for an open follow-up checkpoint. The third failed
 * attempt on a checkpoint still unanswered closes it as "sans nouvelles", in the same transaction.
 * Returns whether it closed the checkpoint.
 */
export async function logFollowUpAttempt(
	db: Db,
	actor: Actor,
	cohortId: string,
	userId: string,
	checkpoint: FollowUpCheckpoint,
	input: AttemptInput,
	now = clock.now()
): Promise<{ closed: boolean }> {
	const { person } = await requireFacilitatedParticipant(db, actor, cohortId, userId);
	if (isErased(person)) throw new DomainError(410, 'outcome_error_erased', `user ${userId} is erased`);
	const calendar = await cohortCalendar(db, cohortId);
	const window = checkpointWindow(checkpoint, calendar.end_date, calendar.settings, calendar.time_zone);
	if (windowState(window, now) !== 'open')
		throw new DomainError(409, 'outcome_error_window', `${checkpoint} of ${cohortId} is not open`);
	return db.transaction().execute(async (trx) => {
		await trx
			.insertInto('follow_up_attempt')
			.values({
				id: newId(),
				cohort_id: cohortId,
				user_id: userId,
				checkpoint,
				channel: input.channel,
				reached: input.reached ? 1 : 0,
				attempted_by: actor.id,
				attempted_at: now
			})
			.execute();
		if (input.reached || (await currentRecord(trx, cohortId, userId, checkpoint))) return { closed: false };
		const failed = await failedAttempts(trx, cohortId, userId, checkpoint);
		if (failed < MAX_FAILED_ATTEMPTS) return { closed: false };
		return { closed: await closeAsNoNews(trx, cohortId, userId, checkpoint, now) };
	});
}

async function failedAttempts(db: Db, cohortId: string, userId: string, checkpoint: Checkpoint): Promise<number> {
	const row = await db
		.selectFrom('follow_up_attempt')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('cohort_id', '=', cohortId)
		.where('user_id', '=', userId)
		.where('checkpoint', '=', checkpoint)
		.where('reached', '=', 0)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

type OutcomeRecord = Awaited<ReturnType<typeof currentRecord>>;

/** Every record of one person's checkpoint, oldest first (the current one last), for their facilitators. */
export async function checkpointHistory(
	db: Db,
	actor: Actor,
	cohortId: string,
	userId: string,
	checkpoint: Checkpoint
) {
	await requireFacilitatedParticipant(db, actor, cohortId, userId);
	return recordVersions(db, cohortId, userId, checkpoint).orderBy('recorded_at').orderBy('superseded_at').execute();
}

/** A checkpoint's window as pages show it. */
function windowView(w: ReturnType<typeof checkpointWindow>, now: number) {
	return {
		checkpoint: w.checkpoint,
		opensOn: w.opensOn,
		closesOn: w.closesOn,
		/** The last day an answer is taken, as pages say it ("until … included"). */
		lastOpenOn: addDays(w.closesOn, -1),
		state: windowState(w, now)
	};
}

/**
 * The cohort's outcomes for its facilitators: each participant with their exit (or none yet), the
 * current record of each checkpoint, attempts made, and their last contact from the contact log; the
 * +3/+6 windows. People without an exit come first. Directors and participants are refused (403).
 */
export async function cohortOutcomes(db: Db, actor: Actor, cohortId: string, now = clock.now()) {
	await requireCohortFacilitator(db, actor, cohortId);
	const calendar = await cohortCalendar(db, cohortId);
	const people = await db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.first_name', 'user.last_name', 'user.disabled_at', 'cohort_member.joined_at'])
		.where('cohort_member.cohort_id', '=', cohortId)
		.where('cohort_member.role', '=', 'participant')
		.orderBy('user.first_name')
		.orderBy('user.id')
		.execute();
	const exits = await db.selectFrom('participant_exit').selectAll().where('cohort_id', '=', cohortId).execute();
	const records = await db
		.selectFrom('outcome_record')
		.select(recordColumns)
		.where('cohort_id', '=', cohortId)
		.where('superseded_at', 'is', null)
		.execute();
	const attempts = await db
		.selectFrom('follow_up_attempt')
		.select(['user_id', 'checkpoint', 'channel', 'reached', 'attempted_at'])
		.where('cohort_id', '=', cohortId)
		.orderBy('attempted_at')
		.execute();
	const contacts = await db
		.selectFrom('contact_log')
		.select(['participant_id', 'channel', 'at'])
		.where('cohort_id', '=', cohortId)
		.orderBy('at')
		.execute();
	const windows = Object.fromEntries(
		FOLLOW_UP_CHECKPOINTS.map((c) => [
			c,
			windowView(checkpointWindow(c, calendar.end_date, calendar.settings, calendar.time_zone), now)
		])
	) as Record<FollowUpCheckpoint, ReturnType<typeof windowView>>;
	const rows = people.map((p) => {
		const record = (checkpoint: Checkpoint) =>
			records.find((r) => r.user_id === p.id && r.checkpoint === checkpoint) ?? null;
		const tries = (checkpoint: Checkpoint) => {
			const mine = attempts.filter((a) => a.user_id === p.id && a.checkpoint === checkpoint);
			return { total: mine.length, failed: mine.filter((a) => a.reached === 0).length, last: mine.at(-1) ?? null };
		};
		return {
			id: p.id,
			firstName: p.first_name,
			lastName: p.last_name,
			erased: isErased(p),
			joinedOn: zonedParts(p.joined_at, calendar.time_zone).date,
			exit: exits.find((e) => e.user_id === p.id) ?? null,
			records: { exit: record('exit'), m3: record('m3'), m6: record('m6') },
			attempts: { m3: tries('m3'), m6: tries('m6') },
			lastContact: contacts.filter((c) => c.participant_id === p.id).at(-1) ?? null
		};
	});
	rows.sort((a, b) => Number(a.exit !== null) - Number(b.exit !== null));
	return {
		cohort: { id: calendar.id, name: calendar.name, startDate: calendar.start_date, endDate: calendar.end_date },
		timeZone: calendar.time_zone,
		settings: calendar.settings,
		windows,
		people: rows
	};
}

/**
 * The person's own outcomes, for /me: per cohort of theirs (newest first), their exit and each
 * checkpoint with its window and current answer; `answerable` says whether they may answer now.
 */
export async function myOutcomes(db: Db, actor: Actor, now = clock.now()) {
	requireParticipant(actor, 'no outcomes of their own');
	// Three reads whatever the number of cohorts (/me calls this on every visit): the person's cohorts
	// with their calendars, their exits, their current records.
	const [calendars, exits, records] = await Promise.all([
		myParticipantCohorts(db, actor),
		db.selectFrom('participant_exit').selectAll().where('user_id', '=', actor.id).execute(),
		db
			.selectFrom('outcome_record')
			.select(recordColumns)
			.where('user_id', '=', actor.id)
			.where('superseded_at', 'is', null)
			.execute()
	]);
	const result = [];
	for (const calendar of calendars) {
		const exit = exits.find((e) => e.cohort_id === calendar.id);
		const settings = settingsOf(calendar);
		const checkpoints: {
			checkpoint: Checkpoint;
			opensOn: string;
			closesOn: string;
			lastOpenOn: string;
			state: WindowState;
			answerable: boolean;
			record: OutcomeRecord | null;
		}[] = [];
		for (const checkpoint of ['exit', ...FOLLOW_UP_CHECKPOINTS] as const) {
			if (checkpoint === 'exit' && !exit) continue;
			const w = windowView(
				checkpointWindow(checkpoint, calendar.end_date, settings, calendar.time_zone, exit?.exit_date),
				now
			);
			const record = records.find((r) => r.cohort_id === calendar.id && r.checkpoint === checkpoint) ?? null;
			checkpoints.push({ ...w, answerable: w.state === 'open', record });
		}
		result.push({
			cohort: { id: calendar.id, name: calendar.name, startDate: calendar.start_date, endDate: calendar.end_date },
			exit: exit ? { exitDate: exit.exit_date, ending: exit.ending, earlyReason: exit.early_reason } : null,
			checkpoints
		});
	}
	result.sort((a, b) => b.cohort.startDate.localeCompare(a.cohort.startDate));
	return result;
}

/** Cohorts whose end has passed, with their calendar: what the background jobs look at. */
async function endedCohorts(db: Db, now: number) {
	const rows = await db
		.selectFrom('cohort')
		.innerJoin('organisation', 'organisation.id', 'cohort.organisation_id')
		.leftJoin('programme', 'programme.id', 'cohort.programme_id')
		.select([
			'cohort.id',
			'cohort.end_date',
			'organisation.time_zone',
			'programme.follow_up_m3_days',
			'programme.follow_up_m6_days',
			'programme.follow_up_window_days'
		])
		.execute();
	return rows
		.filter((c) => c.end_date < zonedParts(now, c.time_zone).date)
		.map((c) => ({ ...c, settings: settingsOf(c) }));
}

/** Participants of a cohort without a current record at a checkpoint. */
function unanswered(db: Db, cohortId: string, checkpoint: Checkpoint) {
	return db
		.selectFrom('cohort_member')
		.innerJoin('user', 'user.id', 'cohort_member.user_id')
		.select(['user.id', 'user.disabled_at'])
		.where('cohort_member.cohort_id', '=', cohortId)
		.where('cohort_member.role', '=', 'participant')
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('outcome_record')
						.select('outcome_record.id')
						.whereRef('outcome_record.cohort_id', '=', 'cohort_member.cohort_id')
						.whereRef('outcome_record.user_id', '=', 'cohort_member.user_id')
						.where('outcome_record.checkpoint', '=', checkpoint)
						.where('outcome_record.superseded_at', 'is', null)
				)
			)
		)
		.execute();
}

/**
 * Tells each participant once, in the app and by web push, that a follow-up checkpoint is open and
 * waits for their answer. The notification's dedupe key makes it exactly once per person and
 * checkpoint, whatever restarts or app instances. Returns how many were created.
 */
export async function sendCheckpointNotices(db: Db, now = clock.now()): Promise<number> {
	let sent = 0;
	for (const cohort of await endedCohorts(db, now)) {
		for (const checkpoint of FOLLOW_UP_CHECKPOINTS) {
			const w = checkpointWindow(checkpoint, cohort.end_date, cohort.settings, cohort.time_zone);
			if (windowState(w, now) !== 'open') continue;
			for (const person of await unanswered(db, cohort.id, checkpoint)) {
				if (person.disabled_at !== null) continue;
				const id = await notify(
					db,
					{
						userId: person.id,
						kind: `outcome_${checkpoint}_open`,
						params: {},
						href: '/me/outcomes',
						dedupeKey: `outcome_open:${cohort.id}:${checkpoint}:${person.id}`
					},
					now
				);
				if (id) sent++;
			}
		}
	}
	return sent;
}

/**
 * Closes as "sans nouvelles" every follow-up checkpoint left unanswered: after its window, or earlier
 * once 3 failed attempts were logged. Idempotent and safe on several instances (see closeAsNoNews).
 * Returns how many checkpoints it closed.
 */
export async function closeUnansweredCheckpoints(db: Db, now = clock.now()): Promise<number> {
	let closed = 0;
	for (const cohort of await endedCohorts(db, now)) {
		for (const checkpoint of FOLLOW_UP_CHECKPOINTS) {
			const w = checkpointWindow(checkpoint, cohort.end_date, cohort.settings, cohort.time_zone);
			const state = windowState(w, now);
			if (state === 'not_yet') continue;
			for (const person of await unanswered(db, cohort.id, checkpoint)) {
				const due =
					state === 'closed' || (await failedAttempts(db, cohort.id, person.id, checkpoint)) >= MAX_FAILED_ATTEMPTS;
				if (due && (await closeAsNoNews(db, cohort.id, person.id, checkpoint, now))) closed++;
			}
		}
	}
	return closed;
}

/** How long personal outcome records are kept after a cohort's end (CNIL référentiel, social support). */
export const DEFAULT_RETENTION_MONTHS = 24;

function monthsBefore(date: string, months: number): string {
	const d = new Date(`${date}T00:00:00Z`);
	d.setUTCMonth(d.getUTCMonth() - months);
	return d.toISOString().slice(0, 10);
}

/** The questionnaire's answers without what names or identifies: the free sentence and the consent to be named go. */
function anonymousAnswers(answers: string): string {
	try {
		const parsed = JSON.parse(answers) as Record<string, unknown>;
		delete parsed.sentence;
		delete parsed.named;
		return JSON.stringify(parsed);
	} catch {
		return '{}';
	}
}

/** Anonymises outcome rows of some people or cohorts: free text and authors go, situations (the figures) stay. */
async function anonymiseOutcomeRows(trx: Db, where: { column: 'user_id' | 'cohort_id'; values: string[] }) {
	if (where.values.length === 0) return;
	await trx
		.updateTable('outcome_record')
		.set({ note: null, recorded_by: null })
		.where(where.column, 'in', where.values)
		.execute();
	await trx
		.updateTable('participant_exit')
		.set({ recorded_by: null })
		.where(where.column, 'in', where.values)
		.execute();
	await trx.deleteFrom('follow_up_attempt').where(where.column, 'in', where.values).execute();
	const responses = await trx
		.selectFrom('questionnaire_response')
		.select(['id', 'answers'])
		.where(where.column, 'in', where.values)
		.execute();
	for (const r of responses) {
		await trx
			.updateTable('questionnaire_response')
			.set({ answers: anonymousAnswers(r.answers), named: 0 })
			.where('id', '=', r.id)
			.execute();
	}
}

/**
 * The retention rule: outcome records of cohorts that ended more than `months` ago (24 by default,
 * OUTCOME_RETENTION_MONTHS) lose what is personal — notes, who wrote them, contact attempts, the
 * questionnaire's free sentence and consent to be named — and keep the situations, exits and
 * questionnaire choices the figures are made of. Idempotent; returns the cohorts it went through.
 */
export async function anonymiseExpiredOutcomes(
	db: Db,
	now = clock.now(),
	months = DEFAULT_RETENTION_MONTHS
): Promise<string[]> {
	const cohorts = await db
		.selectFrom('cohort')
		.innerJoin('organisation', 'organisation.id', 'cohort.organisation_id')
		.select(['cohort.id', 'cohort.end_date', 'organisation.time_zone'])
		.execute();
	const expired = cohorts
		.filter((c) => c.end_date < monthsBefore(zonedParts(now, c.time_zone).date, months))
		.map((c) => c.id);
	await db.transaction().execute((trx) => anonymiseOutcomeRows(trx, { column: 'cohort_id', values: expired }));
	return expired;
}

/** Everything the outcomes domain holds about a person (export), and its erasure keeping the figures. */
export const outcomesPersonData: PersonDataSection = {
	key: 'outcomes',
	async collect(db, userId) {
		return {
			exits: await db
				.selectFrom('participant_exit')
				.selectAll()
				.where('user_id', '=', userId)
				.orderBy('exit_date')
				.execute(),
			records: await db
				.selectFrom('outcome_record')
				.select(recordColumns)
				.where('user_id', '=', userId)
				.orderBy('recorded_at')
				.orderBy('id')
				.execute(),
			attempts: await db
				.selectFrom('follow_up_attempt')
				.select(['cohort_id', 'checkpoint', 'channel', 'reached', 'attempted_at'])
				.where('user_id', '=', userId)
				.orderBy('attempted_at')
				.execute(),
			questionnaire: (
				await db
					.selectFrom('questionnaire_response')
					.select(['cohort_id', 'answers', 'named', 'submitted_at', 'updated_at'])
					.where('user_id', '=', userId)
					.execute()
			).map((r) => ({ ...r, answers: JSON.parse(r.answers) as unknown }))
		};
	},
	async erase(trx, userId) {
		await anonymiseOutcomeRows(trx, { column: 'user_id', values: [userId] });
		// What this person wrote about others stays, without its author.
		await trx.updateTable('outcome_record').set({ recorded_by: null }).where('recorded_by', '=', userId).execute();
		await trx.updateTable('participant_exit').set({ recorded_by: null }).where('recorded_by', '=', userId).execute();
		await trx.updateTable('follow_up_attempt').set({ attempted_by: null }).where('attempted_by', '=', userId).execute();
	}
};

/** Opens and closes checkpoints; run by the notifier's tick. Returns what it did. */
export async function runOutcomeJobs(db: Db, now = clock.now()) {
	const closed = await closeUnansweredCheckpoints(db, now);
	const notified = await sendCheckpointNotices(db, now);
	return { closed, notified };
}

import * as Y from 'yjs';
import type { Db } from '#lib/server/db/index.ts';
import {
	mayWriteNotes,
	requireCohortMember,
	requireNotesModerator,
	requireNotesWriter,
	type Actor
} from '#lib/server/auth/policy.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import { roomActivity } from '#lib/server/livekit/tickets.ts';
import type { RoomPublisher } from '#lib/server/live/bus.ts';
import { inTransaction } from '#lib/server/insights/rollups.ts';
import { clock } from '#lib/server/clock.ts';
import { organisationTimeZone } from '#lib/server/cohorts/cohorts.ts';
import { NOTES_MAX_CHARS, NOTES_MAX_UPDATE_BYTES, NOTES_TEXT, type NotesView } from '#lib/notes/contract.ts';

/**
 * Shared notes of a live activity (issue 14). The text is a Yjs document (a CRDT): each page sends what it
 * changed as a Yjs update, the server merges it into the stored document in one transaction (the row is
 * locked first, so two writers at once are merged one after the other, never one over the other), keeps a
 * plain-text copy, then signals `notes` on the room's live bus; every other page then asks for what it lacks
 * (its state vector in, the missing update out). Concurrent edits therefore never lose anyone's text.
 * The notes are the cohort's: no author is stored, and they are in no one's personal data export.
 */

/** The stored document may hold deleted runs too; past this it is refused (no page could load it quickly). */
const NOTES_MAX_STATE_BYTES = 1_000_000;

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

const badUpdate = (context: string) => new DomainError(400, 'notes_error_bad_update', context);

function docOf(state: string | undefined): Y.Doc {
	const doc = new Y.Doc();
	if (state) Y.applyUpdate(doc, fromBase64(state));
	return doc;
}

type NotesRow = { state: string; text: string; participants_write: number };

function viewOf(
	doc: Y.Doc,
	row: Pick<NotesRow, 'participants_write'> | undefined,
	room: { access: 'facilitator' | 'participant'; open: boolean },
	stateVector: string | null
): NotesView {
	const participantsWrite = row?.participants_write === 1;
	let update = '';
	if (stateVector !== null) {
		try {
			update = toBase64(Y.encodeStateAsUpdate(doc, stateVector ? fromBase64(stateVector) : undefined));
		} catch (e) {
			throw badUpdate(`state vector: ${String(e)}`);
		}
	}
	return {
		update,
		stateVector: toBase64(Y.encodeStateVector(doc)),
		text: doc.getText(NOTES_TEXT).toString(),
		canWrite: mayWriteNotes(room.access, participantsWrite, room.open),
		participantsWrite,
		role: room.access
	};
}

const notesRow = (db: Db, activityId: string) =>
	db
		.selectFrom('activity_notes')
		.select(['state', 'text', 'participants_write'])
		.where('activity_id', '=', activityId)
		.executeTakeFirst();

/**
 * The notes as this member of the cohort sees them. `stateVector`: what their page holds (base64; '' =
 * nothing yet), to get back only what it lacks; null = no update wanted (the page's first render).
 */
export async function readNotes(
	db: Db,
	actor: Actor,
	activityId: string,
	stateVector: string | null,
	now = clock.now()
): Promise<NotesView> {
	const room = await roomActivity(db, actor, activityId, now);
	const row = await notesRow(db, activityId);
	return viewOf(docOf(row?.state), row, room, stateVector);
}

/**
 * A page's change to the notes (a Yjs update, base64), merged into the stored document. Refused, with
 * nothing written: a writer who may not write now (403), an update too large (413) or malformed (400), notes
 * that would pass NOTES_MAX_CHARS (413). Answers what the page lacks after its change (from `stateVector`).
 */
export async function writeNotes(
	db: Db,
	live: RoomPublisher,
	actor: Actor,
	activityId: string,
	input: { update: string; stateVector: string },
	now = clock.now()
): Promise<NotesView> {
	const room = await roomActivity(db, actor, activityId, now);
	const bytes = fromBase64(input.update);
	if (bytes.length > NOTES_MAX_UPDATE_BYTES)
		throw new DomainError(413, 'notes_error_too_big', `update of ${bytes.length} bytes`);
	const { view, changed } = await inTransaction(db, async (trx) => {
		await trx
			.insertInto('activity_notes')
			.values({ activity_id: activityId, state: '', text: '', participants_write: 0, updated_at: now })
			.onConflict((oc) => oc.column('activity_id').doNothing())
			.execute();
		// Takes the row's lock (PostgreSQL) before reading it: a concurrent writer waits, then merges into our result.
		await trx
			.updateTable('activity_notes')
			.set((eb) => ({ updated_at: eb.ref('updated_at') }))
			.where('activity_id', '=', activityId)
			.execute();
		const row = (await notesRow(trx, activityId))!;
		requireNotesWriter(actor, room.access, row.participants_write === 1, room.open, activityId);
		const doc = docOf(row.state);
		try {
			Y.applyUpdate(doc, bytes);
		} catch (e) {
			throw badUpdate(`update: ${String(e)}`);
		}
		// Only the notes' text, and nothing that depends on changes the server never had.
		if ([...doc.share.keys()].some((key) => key !== NOTES_TEXT)) throw badUpdate('a shared type other than the notes');
		if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) throw badUpdate('missing earlier changes');
		const text = doc.getText(NOTES_TEXT).toString();
		if (text.length > NOTES_MAX_CHARS)
			throw new DomainError(413, `notes_error_too_long|${NOTES_MAX_CHARS}`, `${text.length} characters`);
		const state = toBase64(Y.encodeStateAsUpdate(doc));
		if (state.length > NOTES_MAX_STATE_BYTES)
			throw new DomainError(413, 'notes_error_too_big', `state ${state.length}`);
		const changed = state !== row.state;
		if (changed)
			await trx
				.updateTable('activity_notes')
				.set({ state, text, updated_at: now })
				.where('activity_id', '=', activityId)
				.execute();
		return { view: viewOf(doc, row, room, input.stateVector), changed };
	});
	if (changed) await announce(live, activityId);
	return view;
}

/** A facilitator lets the cohort's participants write the notes too, or not any more. */
export async function setNotesWriters(
	db: Db,
	live: RoomPublisher,
	actor: Actor,
	activityId: string,
	participantsWrite: boolean,
	now = clock.now()
): Promise<void> {
	const room = await roomActivity(db, actor, activityId, now);
	requireNotesModerator(actor, room.access, activityId);
	const value = participantsWrite ? 1 : 0;
	await db
		.insertInto('activity_notes')
		.values({ activity_id: activityId, state: '', text: '', participants_write: value, updated_at: now })
		.onConflict((oc) => oc.column('activity_id').doUpdateSet({ participants_write: value }))
		.execute();
	await announce(live, activityId);
}

async function announce(live: RoomPublisher, activityId: string) {
	// A lost signal only delays the others' pages (they ask again on the next one or on reconnect).
	await live.publishRoom({ activityId, signal: 'notes' }).catch(() => {});
}

/** The activity's notes to read after it (plain text), with what the page shows around them. */
export async function notesToRead(db: Db, actor: Actor, activityId: string, now = clock.now()) {
	const room = await roomActivity(db, actor, activityId, now);
	const row = await db
		.selectFrom('activity_notes')
		.select(['text', 'updated_at'])
		.where('activity_id', '=', activityId)
		.executeTakeFirst();
	return {
		activity: { id: room.activity.id, title: room.activity.title, startsAt: room.activity.starts_at },
		cohort: { id: room.cohort.id, name: room.cohort.name },
		timeZone: await organisationTimeZone(db, room.cohort.organisation_id),
		text: row?.text ?? '',
		updatedAt: row && row.text ? Number(row.updated_at) : null
	};
}

/** Which live activities of a cohort have notes (for links on the cohort's timeline), for its members. */
export async function activitiesWithNotes(db: Db, actor: Actor, cohortId: string): Promise<string[]> {
	await requireCohortMember(db, actor, cohortId);
	const rows = await db
		.selectFrom('activity_notes')
		.innerJoin('activity', 'activity.id', 'activity_notes.activity_id')
		.select('activity.id')
		.where('activity.cohort_id', '=', cohortId)
		.where('activity.kind', '=', 'live')
		.where('activity.cancelled_at', 'is', null)
		.where('activity_notes.text', '!=', '')
		.execute();
	return rows.map((r) => r.id);
}

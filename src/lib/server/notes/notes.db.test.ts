// Shared notes of a live activity (issue 14, acceptance 2) on the data layer: two pages (two Y.Docs) write at
// the same time and both texts survive, merged in the stored document and its plain-text copy; notes over the
// size limit are refused with nothing stored; another cohort's participant, and a participant while writing is
// reserved to facilitators, are refused; every accepted change is signalled on the room's live bus.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import { refusalWithKey as refusal } from '#lib/server/db/test-db.ts';
import { DEMO_ROOM_TIMES, demoLiveRoom, roomSignalRecorder, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { NOTES_MAX_CHARS, NOTES_TEXT, type NotesView } from '#lib/notes/contract.ts';
import { activitiesWithNotes, notesToRead, readNotes, setNotesWriters, writeNotes } from './notes.ts';

const { NOW, START, AT } = DEMO_ROOM_TIMES;
const AFTER = START + 3 * 3600_000; // the room closed (90 minutes + 30)

let db: Db;
let actors: DemoActors;
let activityId: string;
let second: Actor;

const { signals, live } = roomSignalRecorder();

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** One page's editor: a Y.Doc synced with the server the way NotesEditor does it. */
class Page {
	doc = new Y.Doc();
	serverState: Uint8Array | undefined;
	constructor(readonly actor: Actor) {}
	get text() {
		return this.doc.getText(NOTES_TEXT).toString();
	}
	take(view: NotesView) {
		Y.applyUpdate(this.doc, unb64(view.update));
		this.serverState = unb64(view.stateVector);
		return view;
	}
	async read(at = AT) {
		return this.take(await readNotes(db, this.actor, activityId, b64(Y.encodeStateVector(this.doc)), at));
	}
	/** What is typed, then sent (not yet applied: `send` may run beside another page's). */
	type(index: number, words: string) {
		this.doc.getText(NOTES_TEXT).insert(index, words);
	}
	message() {
		return {
			update: b64(Y.encodeStateAsUpdate(this.doc, this.serverState)),
			stateVector: b64(Y.encodeStateVector(this.doc))
		};
	}
	async send(at = AT) {
		return this.take(await writeNotes(db, live, this.actor, activityId, this.message(), at));
	}
}

const stored = () =>
	db.selectFrom('activity_notes').selectAll().where('activity_id', '=', activityId).executeTakeFirst();

useSeededTestDb(NOW, async (seeded) => {
	({ db, actors } = seeded);
	({ activityId, second } = await demoLiveRoom(db, actors, NOW));
});

describe(`shared notes of a live activity on ${process.env.TEST_DB}`, () => {
	it('starts empty, facilitator-only, for every member of the cohort', async () => {
		const view = await readNotes(db, actors.participantA, activityId, '', AT);
		expect(view).toMatchObject({ text: '', canWrite: false, participantsWrite: false, role: 'participant' });
		expect(await readNotes(db, actors.facilitatorA, activityId, null, AT)).toMatchObject({
			canWrite: true,
			role: 'facilitator',
			update: ''
		});
		expect(await stored()).toBeUndefined();
	});

	it('keeps both texts when two pages write at the same time', async () => {
		await setNotesWriters(db, live, actors.facilitatorA, activityId, true, AT);
		const claire = new Page(actors.facilitatorA);
		const fatima = new Page(actors.participantA);
		await claire.read();
		await fatima.read();
		claire.type(0, 'Claire : relire les CV. ');
		fatima.type(0, 'Fatima : appeler la mission locale. ');
		signals.length = 0;
		// Both changes leave before either has seen the other's, and reach the database together.
		const [a, b] = await Promise.all([claire.send(), fatima.send()]);
		for (const view of [a, b]) expect(view.canWrite).toBe(true);
		await claire.read();
		await fatima.read();
		for (const page of [claire, fatima]) {
			expect(page.text).toContain('Claire : relire les CV. ');
			expect(page.text).toContain('Fatima : appeler la mission locale. ');
		}
		expect(claire.text).toBe(fatima.text);
		const row = await stored();
		expect(row?.text).toBe(claire.text);
		// The stored document is the merge itself: a new page reads the same text from it.
		const fresh = new Page(second);
		await fresh.read();
		expect(fresh.text).toBe(claire.text);
		expect(signals).toEqual([
			{ activityId, signal: 'notes' },
			{ activityId, signal: 'notes' }
		]);
	});

	it('keeps an edit in the middle made while another page appends (caret-independent merge)', async () => {
		const claire = new Page(actors.facilitatorA);
		const fatima = new Page(actors.participantA);
		await claire.read();
		await fatima.read();
		claire.type(0, '# Séance du 23\n');
		fatima.type(fatima.text.length, 'Merci !');
		await Promise.all([fatima.send(), claire.send()]);
		const text = (await stored())!.text;
		expect(text.startsWith('# Séance du 23\n')).toBe(true);
		expect(text.endsWith('Merci !')).toBe(true);
	});

	it('keeps every sentence over many rounds of simultaneous writes (no write is ever lost to another)', async () => {
		const claire = new Page(actors.facilitatorA);
		const fatima = new Page(actors.participantA);
		const sentences: string[] = [];
		for (let round = 1; round <= 25; round++) {
			await Promise.all([claire.read(), fatima.read()]);
			const mine = [`[C${round}]`, `[F${round}]`];
			claire.type(claire.text.length, mine[0]);
			fatima.type(0, mine[1]);
			sentences.push(...mine);
			await Promise.all([claire.send(), fatima.send()]);
		}
		const text = (await stored())!.text;
		for (const sentence of sentences) expect(text).toContain(sentence);
	});

	it('refuses notes over the size limit and stores nothing', async () => {
		const before = await stored();
		signals.length = 0;
		const claire = new Page(actors.facilitatorA);
		await claire.read();
		claire.type(0, 'x'.repeat(NOTES_MAX_CHARS - claire.text.length + 1));
		expect(await refusal(claire.send())).toBe(`413 notes_error_too_long|${NOTES_MAX_CHARS}`);
		const huge = new Page(actors.facilitatorA);
		await huge.read();
		huge.type(0, 'y'.repeat(120_000));
		expect(await refusal(huge.send())).toBe('413 notes_error_too_big');
		expect(await stored()).toEqual(before);
		expect(signals).toEqual([]);
	});

	it('refuses what is not a change to the notes, and stores nothing', async () => {
		const before = await stored();
		const sv = b64(Y.encodeStateVector(new Y.Doc()));
		const garbage = { update: b64(new Uint8Array([255, 255, 255, 1, 2, 3])), stateVector: sv };
		expect(await refusal(writeNotes(db, live, actors.facilitatorA, activityId, garbage, AT))).toBe(
			'400 notes_error_bad_update'
		);
		const other = new Y.Doc();
		other.getMap('not-the-notes').set('x', 'y');
		const wrongType = { update: b64(Y.encodeStateAsUpdate(other)), stateVector: sv };
		expect(await refusal(writeNotes(db, live, actors.facilitatorA, activityId, wrongType, AT))).toBe(
			'400 notes_error_bad_update'
		);
		expect(await stored()).toEqual(before);
	});

	it('refuses another cohort’s participant and facilitator, and directors (they read no one’s words)', async () => {
		const before = await stored();
		const page = new Page(actors.participantB);
		page.type(0, 'intrus');
		for (const actor of [actors.participantB, actors.facilitatorB, actors.director]) {
			expect(await refusal(writeNotes(db, live, actor, activityId, page.message(), AT))).toBe('403 error_forbidden');
			expect(await refusal(readNotes(db, actor, activityId, '', AT))).toBe('403 error_forbidden');
			expect(await refusal(setNotesWriters(db, live, actor, activityId, true, AT))).toBe('403 error_forbidden');
		}
		expect(await refusal(setNotesWriters(db, live, actors.participantA, activityId, false, AT))).toBe(
			'403 error_forbidden'
		);
		expect(await stored()).toEqual(before);
	});

	it('refuses a participant when writing is reserved to facilitators, or once the room has closed', async () => {
		await setNotesWriters(db, live, actors.facilitatorA, activityId, false, AT);
		const before = await stored();
		const fatima = new Page(actors.participantA);
		expect((await fatima.read()).canWrite).toBe(false);
		fatima.type(0, 'Pas autorisé. ');
		expect(await refusal(fatima.send())).toBe('403 error_forbidden');
		await setNotesWriters(db, live, actors.facilitatorA, activityId, true, AT);
		expect(await refusal(fatima.send(AFTER))).toBe('403 error_forbidden');
		expect((await stored())?.text).toBe(before?.text);
		// The facilitator tidies the notes after the session.
		const claire = new Page(actors.facilitatorA);
		await claire.read(AFTER);
		claire.type(claire.text.length, ' (relu)');
		expect((await claire.send(AFTER)).text.endsWith(' (relu)')).toBe(true);
	});

	it('lets the cohort read the notes after the activity, and lists the activities that have some', async () => {
		const read = await notesToRead(db, second, activityId, AFTER);
		expect(read.text).toContain('Fatima : appeler la mission locale.');
		expect(read.activity.title).toBe('Atelier CV en visio');
		expect(await activitiesWithNotes(db, second, actors.cohortA.id)).toEqual([activityId]);
		expect(await refusal(notesToRead(db, actors.participantB, activityId, AFTER))).toBe('403 error_forbidden');
		expect(await refusal(activitiesWithNotes(db, actors.participantB, actors.cohortA.id))).toBe('403 error_forbidden');
	});
});

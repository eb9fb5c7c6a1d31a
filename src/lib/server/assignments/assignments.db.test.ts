import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCEPTED_TYPES } from '#lib/assignments/rules.ts';
import { removeActivity } from '#lib/server/activities/activities.ts';
import { addCohortAActivity, useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import type { Actor } from '#lib/server/auth/policy.ts';
import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { refusal } from '#lib/server/db/test-db.ts';
import { demoParticipant, type DemoActors } from '#lib/server/seed/demo-actors.ts';
import { receiveForm } from '#lib/server/uploads/receive.ts';
import { UploadStore } from '#lib/server/uploads/store.ts';
import { jpegHeader, pdfBytes, pngBytes } from '#lib/server/uploads/test-files.ts';
import {
	assignmentOverview,
	cohortAssignments,
	giveFeedback,
	myAssignments,
	participantAssignment,
	participantWork,
	requireSubmitter,
	saveAssignment,
	setWaiver,
	submitWork
} from './assignments.ts';
import { cohortPeopleSummary } from '#lib/server/cohorts/people-summary.ts';
import { recomputeRollups } from '#lib/server/insights/rollups.ts';
import { auditTrail } from '#lib/server/privacy/audit.ts';
import { activityFileIds, openFile, sweepUploads } from './files.ts';

let db: Db;
let actors: DemoActors;
let other: Actor; // a second participant of cohort A
let activityId: string;
const dir = mkdtempSync(join(tmpdir(), 'tablee-store-'));
const store = new UploadStore(dir);
const NOW = Date.parse('2026-11-22T10:00:00Z');
const HOUR = 3600_000;

useSeededTestDb(NOW, async (seeded) => {
	({ db, actors } = seeded);
	other = await demoParticipant(db, actors.cohortA.id, 'Mamadou');
	// Due on the 25th at 18:00 in Paris: still open at NOW.
	activityId = await addCohortAActivity(
		db,
		actors,
		{ kind: 'async', title: 'Mon CV', date: '2026-11-24', time: '09:00', objectives: 'Envoyer son CV.' },
		NOW
	);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Files received as the upload endpoint receives them: staged in the store's tmp directory. */
async function staged(files: { field: 'photos' | 'files'; bytes: Buffer; name: string }[]) {
	const form = new FormData();
	for (const f of files) form.append(f.field, new File([new Uint8Array(f.bytes)], f.name));
	const request = new Request('http://x/', { method: 'POST', body: form });
	return (
		await receiveForm(request, store, {
			fileFields: ['photos', 'files'],
			maxFiles: 5,
			maxFileBytes: 1 << 20,
			accepted: ACCEPTED_TYPES,
			fileErrorField: 'files'
		})
	).files;
}
const tmpFiles = () => readdirSync(store.tmpDir);
type AssignmentInput = Parameters<typeof saveAssignment>[4];
/** The assignment form of an activity: due 25 November at 18:00, individual, no link, unless said otherwise. */
const assignmentInput = (
	fields: Pick<AssignmentInput, 'instructions'> & Partial<AssignmentInput>
): AssignmentInput => ({
	link: '',
	dueDate: '2026-11-25',
	dueTime: '18:00',
	mode: 'individual',
	groupSize: 2,
	removeAttachment: false,
	...fields
});
/** Saves an activity's assignment as cohort A's facilitator, at NOW. */
const saveAsFacilitatorA = (
	activity: string,
	input: AssignmentInput,
	file: Parameters<typeof saveAssignment>[5] = null
) => saveAssignment(db, actors.facilitatorA, actors.cohortA.id, activity, input, file, store, NOW);
const storedFiles = () => readdirSync(dir).filter((n) => n !== 'tmp');

describe(`assignments on ${process.env.TEST_DB}`, () => {
	it('stands in with the activity until the facilitator writes the assignment, then shows what was written', async () => {
		const before = await participantAssignment(db, actors.participantA, activityId, NOW);
		expect(before.assignment).toMatchObject({
			instructions: 'Envoyer son CV.',
			link: null,
			attachment: null,
			mode: 'individual',
			dueAt: Date.parse('2026-11-24T09:00:00Z')
		});
		expect([before.state, before.canSubmit, before.nextVersion]).toEqual(['todo', true, 1]);

		const [attachment] = await staged([{ field: 'files', bytes: pdfBytes(), name: 'modèle de CV.pdf' }]);
		await saveAsFacilitatorA(
			activityId,
			assignmentInput({
				instructions: 'Prenez votre CV en photo.',
				link: 'https://www.example.org/cv',
				mode: 'peers',
				groupSize: 3
			}),
			attachment
		);
		const after = await participantAssignment(db, actors.participantA, activityId, NOW);
		expect(after.assignment).toMatchObject({
			instructions: 'Prenez votre CV en photo.',
			link: 'https://www.example.org/cv',
			mode: 'peers',
			groupSize: 3,
			dueAt: Date.parse('2026-11-25T17:00:00Z')
		});
		expect(after.assignment.attachment).toMatchObject({
			id: attachment.id,
			name: 'modèle de CV.pdf',
			mime: 'application/pdf'
		});
		expect(existsSync(store.path(attachment.id))).toBe(true);
		const editor = await cohortAssignments(db, actors.facilitatorA, actors.cohortA.id);
		expect(editor[activityId]).toMatchObject({ dueDate: '2026-11-25', dueTime: '18:00', groupSize: 3 });
		// Seeded async activities have no row yet: the editor shows their defaults.
		expect(Object.keys(editor).length).toBeGreaterThan(1);

		// Participants of the cohort may read the attachment; nobody else.
		expect((await openFile(db, other, attachment.id, store)).name).toBe('modèle de CV.pdf');
		for (const outsider of [actors.participantB, actors.facilitatorB, actors.director])
			expect(await refusal(openFile(db, outsider, attachment.id, store))).toBe(403);
		// Saving without a new file keeps it; asking to remove it removes the file too.
		const input = assignmentInput({ instructions: 'Prenez votre CV en photo.' });
		await saveAsFacilitatorA(activityId, input);
		expect((await participantAssignment(db, actors.participantA, activityId, NOW)).assignment).toMatchObject({
			link: null,
			mode: 'individual',
			groupSize: null,
			attachment: { id: attachment.id }
		});
		await saveAsFacilitatorA(activityId, { ...input, removeAttachment: true });
		expect((await participantAssignment(db, actors.participantA, activityId, NOW)).assignment.attachment).toBeNull();
		expect(existsSync(store.path(attachment.id))).toBe(false);
	});

	it('only the cohort’s facilitators write the assignment; a refused attachment is deleted', async () => {
		const input = assignmentInput({ instructions: 'Intrus' });
		for (const actor of [actors.facilitatorB, actors.participantA, actors.director, actors.admin]) {
			const [file] = await staged([{ field: 'files', bytes: pdfBytes(), name: 'x.pdf' }]);
			expect(await refusal(saveAssignment(db, actor, actors.cohortA.id, activityId, input, file, store, NOW))).toBe(
				403
			);
		}
		// Through their own cohort, a facilitator cannot reach another cohort's activity.
		expect(
			await refusal(saveAssignment(db, actors.facilitatorB, actors.cohortB.id, activityId, input, null, store, NOW))
		).toBe(404);
		expect(tmpFiles()).toEqual([]);
		expect((await participantAssignment(db, actors.participantA, activityId, NOW)).assignment.instructions).toBe(
			'Prenez votre CV en photo.'
		);
	});

	it('stores a submission with its files in one go, records the skills it shows, and refuses a second one while it is read', async () => {
		const files = await staged([
			{ field: 'photos', bytes: jpegHeader(1600, 1200), name: 'IMG_2041.jpg' },
			{ field: 'files', bytes: pdfBytes(), name: 'lettre.pdf' }
		]);
		expect(await requireSubmitter(db, actors.participantA, activityId, 'draft-aaaa-1111')).toBeNull();
		const sent = await submitWork(
			db,
			actors.participantA,
			activityId,
			{ text: 'Voici mon CV.', clientRef: 'draft-aaaa-1111', files },
			store,
			NOW
		);
		expect(sent).toMatchObject({ version: 1, repeated: false });
		expect(tmpFiles()).toEqual([]);
		expect(storedFiles().sort()).toEqual(files.map((f) => f.id).sort());
		const page = await participantAssignment(db, actors.participantA, activityId, NOW);
		expect([page.state, page.canSubmit]).toEqual(['sent', false]);
		expect(page.submissions[0].files.map((f) => [f.name, f.mime, f.width, f.height, f.source])).toEqual([
			['IMG_2041.jpg', 'image/jpeg', 1600, 1200, 'camera'],
			['lettre.pdf', 'application/pdf', null, null, 'file']
		]);
		const evidence = await db
			.selectFrom('skill_evidence')
			.select(['skill_id', 'level', 'event', 'event_ref'])
			.where('user_id', '=', actors.participantA.id)
			.orderBy('skill_id')
			.execute();
		expect(evidence).toEqual([
			{ skill_id: 'photo_document', level: 'autonomous', event: 'first_upload', event_ref: sent.submissionId },
			{ skill_id: 'send_document', level: 'autonomous', event: 'first_upload', event_ref: sent.submissionId }
		]);

		// The same draft sent again (its answer was lost): the first submission, nothing more.
		const again = await staged([{ field: 'files', bytes: pdfBytes(), name: 'lettre.pdf' }]);
		expect(
			await submitWork(
				db,
				actors.participantA,
				activityId,
				{ text: 'Voici mon CV.', clientRef: 'draft-aaaa-1111', files: again },
				store,
				NOW
			)
		).toEqual({ ...sent, repeated: true });
		// Known before the body is read, too.
		expect(await requireSubmitter(db, actors.participantA, activityId, 'draft-aaaa-1111')).toEqual({
			submissionId: sent.submissionId,
			version: 1
		});
		// Another send while version 1 waits for feedback is refused, its files deleted.
		expect(await refusal(requireSubmitter(db, actors.participantA, activityId))).toBe(409);
		expect(await refusal(requireSubmitter(db, actors.participantA, activityId, 'draft-bbbb-2222'))).toBe(409);
		const late = await staged([{ field: 'files', bytes: pdfBytes(), name: 'encore.pdf' }]);
		expect(
			await refusal(
				submitWork(db, actors.participantA, activityId, { text: 'Encore', clientRef: '', files: late }, store, NOW)
			)
		).toBe(409);
		expect(tmpFiles()).toEqual([]);
		expect(storedFiles()).toHaveLength(2);
		expect(
			await db.selectFrom('submission').select('id').where('user_id', '=', actors.participantA.id).execute()
		).toHaveLength(1);
	});

	it('writes nothing at all when the transaction fails halfway', async () => {
		const [first] = await staged([{ field: 'files', bytes: pdfBytes(), name: 'a.pdf' }]);
		const [clash] = await staged([{ field: 'files', bytes: pdfBytes(), name: 'b.pdf' }]);
		// A file id that is already taken makes the second file row fail after the submission row went in.
		const taken = (await db.selectFrom('submission_file').select('id').executeTakeFirstOrThrow()).id;
		writeFileSync(store.tmpPath(clash.id), 'x');
		await expect(
			submitWork(
				db,
				other,
				activityId,
				{ text: 'Mon travail', clientRef: '', files: [first, { ...clash, id: taken }] },
				store,
				NOW
			)
		).rejects.toThrow(/unique|duplicate/i);
		expect(await db.selectFrom('submission').select('id').where('user_id', '=', other.id).execute()).toEqual([]);
		expect(await db.selectFrom('skill_evidence').select('id').where('user_id', '=', other.id).execute()).toEqual([]);
		expect(tmpFiles()).toEqual([clash.id]);
		await store.discardTemp([clash.id]);
		expect(storedFiles()).not.toContain(first.id);
	});

	it('keeps each participant’s files to themself and the cohort’s facilitators', async () => {
		const [file] = (await participantAssignment(db, actors.participantA, activityId, NOW)).submissions[0].files;
		expect((await openFile(db, actors.participantA, file.id, store)).name).toBe('IMG_2041.jpg');
		expect((await openFile(db, actors.facilitatorA, file.id, store)).mime).toBe('image/jpeg');
		for (const outsider of [other, actors.participantB, actors.facilitatorB, actors.director, actors.admin]) {
			expect(await refusal(openFile(db, outsider, file.id, store)), `${outsider.first_name}`).toBe(403);
		}
		expect(await refusal(openFile(db, actors.participantA, newId(), store))).toBe(404);
		for (const outsider of [actors.participantB, actors.facilitatorB, actors.director]) {
			expect(await refusal(participantAssignment(db, outsider, activityId, NOW))).toBe(403);
			const files = await staged([{ field: 'files', bytes: pdfBytes(), name: 'x.pdf' }]);
			expect(await refusal(submitWork(db, outsider, activityId, { text: 'x', clientRef: '', files }, store, NOW))).toBe(
				403
			);
		}
		expect(tmpFiles()).toEqual([]);
		// Only async activities carry assignments.
		const live = await db
			.selectFrom('activity')
			.select('id')
			.where('cohort_id', '=', actors.cohortA.id)
			.where('kind', '=', 'live')
			.executeTakeFirstOrThrow();
		expect(await refusal(participantAssignment(db, actors.participantA, live.id, NOW))).toBe(404);
	});

	it('shows the facilitator who sent, who is late and who has not yet; feedback and a new version reach the participant', async () => {
		const overview = await assignmentOverview(db, actors.facilitatorA, activityId, NOW);
		const line = (name: string) => overview.lines.find((l) => l.name.startsWith(name))!;
		expect(line('Fatima')).toMatchObject({ state: 'sent', version: 1, late: false });
		expect(line('Mamadou')).toMatchObject({ state: 'todo', version: null });
		expect(overview.counts).toEqual({ sent: 1, late: 0, notYet: 12 - 1 });
		const afterDue = await assignmentOverview(db, actors.facilitatorA, activityId, Date.parse('2026-11-26T10:00:00Z'));
		expect(afterDue.lines.find((l) => l.name.startsWith('Mamadou'))).toMatchObject({ state: 'late', late: true });
		expect(afterDue.counts).toMatchObject({ sent: 1, late: 11 });
		for (const outsider of [actors.facilitatorB, actors.participantA, actors.director]) {
			expect(await refusal(assignmentOverview(db, outsider, activityId, NOW))).toBe(403);
			expect(await refusal(participantWork(db, outsider, activityId, actors.participantA.id, NOW))).toBe(403);
		}
		expect(await refusal(participantWork(db, actors.facilitatorA, activityId, actors.participantB.id, NOW))).toBe(404);

		const work = await participantWork(db, actors.facilitatorA, activityId, actors.participantA.id, NOW);
		const submissionId = work.submissions[0].id;
		for (const outsider of [actors.facilitatorB, actors.participantA, actors.director, actors.admin]) {
			expect(
				await refusal(
					giveFeedback(
						db,
						outsider,
						activityId,
						actors.participantA.id,
						{ submissionId, feedback: 'Intrus', newVersion: false },
						NOW
					)
				)
			).toBe(403);
		}
		await giveFeedback(
			db,
			actors.facilitatorA,
			activityId,
			actors.participantA.id,
			{ submissionId, feedback: 'Ajoutez votre numéro de téléphone.', newVersion: true },
			NOW + HOUR
		);
		const asked = await participantAssignment(db, actors.participantA, activityId, NOW + HOUR);
		expect([asked.state, asked.canSubmit, asked.nextVersion, asked.submissions[0].feedback]).toEqual([
			'redo',
			true,
			2,
			'Ajoutez votre numéro de téléphone.'
		]);
		const notice = await db
			.selectFrom('notification')
			.select(['kind', 'href', 'params'])
			.where('user_id', '=', actors.participantA.id)
			.executeTakeFirstOrThrow();
		expect(notice).toMatchObject({ kind: 'feedback', href: `/me/assignments/${activityId}` });

		// Version 2 comes after the due date: sent late.
		const lateAt = Date.parse('2026-11-26T08:00:00Z');
		const v2 = await submitWork(
			db,
			actors.participantA,
			activityId,
			{ text: 'Avec mon numéro.', clientRef: '', files: [] },
			store,
			lateAt
		);
		expect(v2.version).toBe(2);
		expect(
			await refusal(
				giveFeedback(
					db,
					actors.facilitatorA,
					activityId,
					actors.participantA.id,
					{ submissionId, feedback: 'Sur l’ancienne', newVersion: false },
					lateAt
				)
			)
		).toBe(409);
		expect(
			(await assignmentOverview(db, actors.facilitatorA, activityId, lateAt)).lines.find(
				(l) => l.userId === actors.participantA.id
			)
		).toMatchObject({ state: 'sent', version: 2, late: true });
		await giveFeedback(
			db,
			actors.facilitatorA,
			activityId,
			actors.participantA.id,
			{ submissionId: v2.submissionId, feedback: 'Parfait, bravo !', newVersion: false },
			lateAt + HOUR
		);

		const mine = await myAssignments(db, actors.participantA, lateAt + 2 * HOUR);
		expect(mine.find((a) => a.id === activityId)).toMatchObject({ state: 'reviewed', feedback: 'Parfait, bravo !' });
		// Mamadou has not sent it: late on his list; nothing of cohort B's on it.
		const his = await myAssignments(db, other, lateAt);
		expect(his.find((a) => a.id === activityId)).toMatchObject({ state: 'late', feedback: null });
		expect(his[0].state).toBe('late');
		expect(his.every((a) => a.cohortName === actors.cohortA.name)).toBe(true);
		// Still late 8 and 30 days later, as the facilitator sees it: it stays on his "À faire" (issue 11).
		for (const days of [8, 30]) {
			const later = lateAt + days * 864e5;
			expect((await myAssignments(db, other, later)).find((a) => a.id === activityId)?.state).toBe('late');
			expect(
				(await assignmentOverview(db, actors.facilitatorA, activityId, later)).lines.find((l) => l.userId === other.id)
					?.state
			).toBe('late');
		}
	});

	it('removes an activity’s files with it, and the sweep puts the store back in step after a crash', async () => {
		const extra = await addCohortAActivity(
			db,
			actors,
			{ kind: 'async', title: 'À supprimer', date: '2026-11-24', time: '09:00' },
			NOW
		);
		const files = await staged([{ field: 'files', bytes: pngBytes(4, 4), name: 'a.png' }]);
		await submitWork(db, other, extra, { text: '', clientRef: '', files }, store, NOW);
		expect(await activityFileIds(db, extra)).toEqual([files[0].id]);
		await removeActivity(db, actors.facilitatorA, actors.cohortA.id, extra, store);
		expect(existsSync(store.path(files[0].id))).toBe(false);

		// A crash between commit and move; a temp file of an upload that died; a file nobody names; an upload arriving now.
		const committed = (await db.selectFrom('submission_file').select('id').executeTakeFirstOrThrow()).id;
		// Issue 16: an upload cut by a SIGKILL a quarter of an hour ago goes at start, not an hour later.
		const [dead, orphan, arriving, killed] = [newId(), newId(), newId(), newId()];
		await store.promote([]);
		rmSync(store.path(committed));
		for (const [path, ageMs] of [
			[store.tmpPath(committed), 2 * HOUR],
			[store.tmpPath(dead), 2 * HOUR],
			[store.tmpPath(killed), 15 * 60_000],
			[store.path(orphan), 2 * HOUR],
			[store.tmpPath(arriving), 60_000]
		] as const) {
			writeFileSync(path, 'x');
			const at = new Date(NOW - ageMs);
			utimesSync(path, at, at);
		}
		expect(await sweepUploads(db, store, NOW)).toEqual({ promoted: 1, removed: 3 });
		expect(existsSync(store.path(committed))).toBe(true);
		expect(tmpFiles()).toEqual([arriving]);
		expect(storedFiles()).not.toContain(orphan);
		await store.discardTemp([arriving]);
	});

	it('lets the cohort’s facilitator let a person off late work: off their list, not late, not missing; audited; taken back', async () => {
		const { cohortA, facilitatorA, facilitatorB, participantA, director } = actors;
		// Due on the 12th, ten days before NOW: nothing sent.
		const late = await addCohortAActivity(
			db,
			actors,
			{ kind: 'async', title: 'Lettre', date: '2026-11-10', time: '09:00' },
			NOW
		);
		// Written up by the facilitator (the director's figures count the work an assignment was written for).
		await saveAsFacilitatorA(
			late,
			assignmentInput({ instructions: 'Une lettre de motivation.', dueDate: '2026-11-12', groupSize: 3 })
		);
		const onMyList = async () => (await myAssignments(db, other, NOW)).find((a) => a.id === late);
		const missing = async () =>
			(await recomputeRollups(db, [cohortA.id], NOW, other.id)).people.find((p) => p.user_id === other.id)!
				.handin_missing;
		const stored = async () =>
			Number(
				(
					await db
						.selectFrom('insights_person')
						.select('handin_missing')
						.where('cohort_id', '=', cohortA.id)
						.where('user_id', '=', other.id)
						.executeTakeFirstOrThrow()
				).handin_missing
			);
		const lateWork = async () =>
			(await cohortPeopleSummary(db, facilitatorA, cohortA.id, NOW)).find((p) => p.id === other.id)!.lateWork;
		// Late work stays on the person's list, however late.
		expect((await onMyList())?.state).toBe('late');
		const before = { missing: await missing(), late: await lateWork() };
		expect(await stored()).toBe(before.missing);

		for (const actor of [other, participantA, facilitatorB, director]) {
			expect(await refusal(setWaiver(db, actor, late, other.id, true, { reason: '' }, NOW))).toBe(403);
		}
		await setWaiver(db, facilitatorA, late, other.id, true, { reason: 'Rendez-vous médical ce jour-là' }, NOW);
		expect(await onMyList()).toBeUndefined();
		expect((await participantAssignment(db, other, late, NOW)).state).toBe('waived');
		expect((await participantWork(db, facilitatorA, late, other.id, NOW)).waiver).toEqual({
			waivedBy: 'Claire',
			waivedAt: NOW,
			reason: 'Rendez-vous médical ce jour-là'
		});
		const overview = await assignmentOverview(db, facilitatorA, late, NOW);
		expect(overview.lines.find((l) => l.userId === other.id)?.state).toBe('waived');
		expect(await lateWork()).toBe(before.late - 1);
		// The director's figures: no longer missing, and the stored rollup says so in the same transaction.
		expect(await missing()).toBe(before.missing - 1);
		expect(await stored()).toBe(before.missing - 1);
		expect((await auditTrail(db, 'person', other.id))[0]).toMatchObject({
			action: 'assignment.waive',
			actorId: facilitatorA.id,
			detail: late
		});

		// Taken back a minute later (the audit trail reads newest first).
		await setWaiver(db, facilitatorA, late, other.id, false, { reason: '' }, NOW + 60_000);
		expect((await onMyList())?.state).toBe('late');
		expect(await stored()).toBe(before.missing);
		expect((await auditTrail(db, 'person', other.id)).slice(0, 2).map((e) => e.action)).toEqual([
			'assignment.unwaive',
			'assignment.waive'
		]);

		// Work already handed in: nothing to let anyone off.
		const sent = await db
			.selectFrom('submission')
			.select(['activity_id', 'user_id'])
			.where('activity_id', '=', activityId)
			.executeTakeFirstOrThrow();
		const refused = await setWaiver(db, facilitatorA, sent.activity_id, sent.user_id, true, { reason: '' }, NOW).catch(
			(e) => e
		);
		expect(refused).toMatchObject({ status: 409, messageKey: 'assignment_waive_after_handin' });
		expect(
			await db.selectFrom('assignment_waiver').select('user_id').where('activity_id', '=', activityId).execute()
		).toEqual([]);
	});
});

import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHttpError, type ActionFailure } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPTED_TYPES, MAX_FILE_BYTES } from '#lib/assignments/rules.ts';
import { m } from '#lib/paraglide/messages.js';
import type { Actor } from '#lib/server/auth/policy.ts';
import { cohortAssignments, participantAssignment, saveAssignment } from '#lib/server/assignments/assignments.ts';
import { openFile, sweepUploads } from '#lib/server/assignments/files.ts';
import { createCohort } from '#lib/server/cohorts/cohorts.ts';
import type { Db } from '#lib/server/db/index.ts';
import { refusalWithKey } from '#lib/server/db/test-db.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import type { FormFailure } from '#lib/server/http/route.ts';
import { enrolWithoutInvite } from '#lib/server/participants/enrol.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { receiveForm } from '#lib/server/uploads/receive.ts';
import { uploadStore } from '#lib/server/uploads/store.ts';
import { docxBytes, pdfBytes } from '#lib/server/uploads/test-files.ts';
import { actions } from '../../../routes/programmes/[programmeId]/+page.server.ts';
import { addBlock, createProgramme, duplicateProgramme, getProgramme, removeBlock, updateBlock } from './programmes.ts';
import type { BlockInput } from './schemas.ts';

// The route's actions read files into the app's store (DATA_DIR/uploads): a directory of this file's own.
const dataDir = mkdtempSync(join(tmpdir(), 'tablee-block-docs-'));
process.env.DATA_DIR = dataDir;
const store = uploadStore();

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const work: BlockInput = {
	kind: 'async',
	title: 'Ma lettre',
	dayOffset: 2,
	startTime: '14:00',
	durationMinutes: 90,
	objectives: 'Écrire une lettre.',
	optional: false,
	instructions: 'Suivez le modèle joint.',
	link: '',
	dueOffsetDays: 1,
	skills: []
};

/** The block editor's form as the browser sends it (multipart), with an optional file. */
function blockForm(blockId: string, fields: Record<string, string | string[]>, file?: { bytes: Buffer; name: string }) {
	const form = new FormData();
	const all: Record<string, string | string[]> = {
		blockId,
		kind: 'async',
		title: 'Ma lettre',
		day: '3',
		startTime: '14:00',
		durationMinutes: '90',
		objectives: 'Écrire une lettre.',
		instructions: 'Suivez le modèle joint.',
		link: '',
		dueOffsetDays: '1',
		...fields
	};
	for (const [name, value] of Object.entries(all))
		for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
	form.append('attachment', file ? new File([new Uint8Array(file.bytes)], file.name) : new File([], ''));
	return form;
}

/** Posts the programme page's `updateBlock` action as `actor`: what the action returns, or the HTTP error's status. */
async function postUpdate(actor: Actor, programmeId: string, form: FormData) {
	const url = new URL(`http://x/programmes/${programmeId}?/updateBlock`);
	const event = {
		locals: { db, user: actor },
		url,
		params: { programmeId },
		request: new Request(url, { method: 'POST', body: form })
	} as unknown as Parameters<typeof actions.updateBlock>[0];
	try {
		return await actions.updateBlock(event);
	} catch (e) {
		if (isHttpError(e)) return { httpStatus: e.status };
		throw e;
	}
}

/** A file sent through the assignment's limits and staged in the store, as a form action would receive it. */
async function staged(bytes: Buffer, name: string) {
	const form = new FormData();
	form.append('attachment', new File([new Uint8Array(bytes)], name));
	const request = new Request('http://x/', { method: 'POST', body: form });
	const received = await receiveForm(request, store, {
		fileFields: ['attachment'],
		maxFiles: 1,
		maxFileBytes: MAX_FILE_BYTES,
		accepted: ACCEPTED_TYPES,
		fileErrorField: 'attachment'
	});
	return received.files[0];
}

const tmpFiles = () => readdirSync(store.tmpDir);
const storedFiles = () =>
	readdirSync(store.root)
		.filter((n) => n !== 'tmp')
		.sort();
const bytesOf = (fileId: string) => readFileSync(store.path(fileId));
const blockOf = async (programmeId: string, blockId: string) =>
	(await getProgramme(db, actors.facilitatorA, programmeId)).blocks.find((b) => b.id === blockId)!;
const attachmentOfCohort = async (cohortId: string) =>
	Object.values(await cohortAssignments(db, actors.facilitatorA, cohortId))[0].attachment;

describe(`a programme block's document on ${process.env.TEST_DB}`, () => {
	let programmeId: string;
	let blockId: string;
	const first = pdfBytes(300);

	beforeAll(async () => {
		programmeId = await createProgramme(db, actors.facilitatorA, { title: 'Avec documents', description: '' }, NOW);
		blockId = await addBlock(db, actors.facilitatorA, programmeId, work, NOW);
	});

	it('is attached through the block editor (the assignment’s upload), with the block’s other fields', async () => {
		const done = await postUpdate(
			actors.facilitatorA,
			programmeId,
			blockForm(blockId, { skills: ['photo_document', 'send_document'] }, { bytes: first, name: 'modèle.pdf' })
		);
		expect(done).toEqual({ form: `b-${blockId}`, saved: true });
		const block = await blockOf(programmeId, blockId);
		expect(block.attachment).toMatchObject({ name: 'modèle.pdf', size: first.length });
		expect(block).toMatchObject({ attachment_mime: 'application/pdf' });
		// A list of checkboxes keeps every value in a multipart form too.
		expect(block.skills.sort()).toEqual(['photo_document', 'send_document']);
		expect(bytesOf(block.attachment!.id)).toEqual(first);
		expect(tmpFiles()).toEqual([]);
		// The programme's staff download it; a participant never does.
		for (const who of [actors.facilitatorA, actors.facilitatorB, actors.director, actors.admin])
			expect((await openFile(db, who, block.attachment!.id, store)).name).toBe('modèle.pdf');
		expect(await refusalWithKey(openFile(db, actors.participantA, block.attachment!.id, store))).toBe(
			'403 error_forbidden'
		);
		// The hourly sweep knows it is someone's file (its age counted on the disk's clock: the file's mtime).
		await sweepUploads(db, store, Date.now() + 3600_000, 0);
		expect(existsSync(store.path(block.attachment!.id))).toBe(true);
	});

	it('refuses a file too large or of a refused type with the assignment editor’s message, writing nothing', async () => {
		const before = await blockOf(programmeId, blockId);
		const files = storedFiles();
		const cases = [
			{
				file: { bytes: pdfBytes(MAX_FILE_BYTES), name: 'gros.pdf' },
				status: 413,
				message: m.assignment_file_too_big({ value: '10' })
			},
			{
				file: { bytes: Buffer.from('#!/bin/sh\necho hi\n'), name: 'script.pdf' },
				status: 415,
				message: m.assignment_file_type()
			}
		];
		for (const { file, status, message } of cases) {
			const done = (await postUpdate(
				actors.facilitatorA,
				programmeId,
				blockForm(blockId, { title: 'Changé', skills: ['send_document'] }, file)
			)) as ActionFailure<FormFailure>;
			expect(done.status).toBe(status);
			expect(done.data.errors).toEqual({ attachment: message });
			// What was typed comes back, the checked skills included.
			expect(done.data.values).toMatchObject({ title: 'Changé', skills: ['send_document'] });
			expect(await blockOf(programmeId, blockId)).toEqual(before);
			expect(storedFiles()).toEqual(files);
			expect(tmpFiles()).toEqual([]);
		}
	});

	it('refuses a participant and a director (403) before reading the file, writing nothing', async () => {
		const before = await blockOf(programmeId, blockId);
		const files = storedFiles();
		for (const who of [actors.participantA, actors.director]) {
			const done = await postUpdate(who, programmeId, blockForm(blockId, {}, { bytes: pdfBytes(), name: 'x.pdf' }));
			expect(done).toEqual({ httpStatus: 403 });
		}
		// The domain refuses too, and drops the staged file it was handed.
		const file = await staged(pdfBytes(), 'x.pdf');
		expect(
			await refusalWithKey(updateBlock(db, actors.participantA, programmeId, blockId, work, NOW, { file, store }))
		).toBe('403 error_forbidden');
		expect(await blockOf(programmeId, blockId)).toEqual(before);
		expect(storedFiles()).toEqual(files);
		expect(tmpFiles()).toEqual([]);
	});

	it('gives each new cohort a copy of its own, which outlives the programme’s changes and the other cohort’s', async () => {
		const programmeFile = (await blockOf(programmeId, blockId)).attachment!.id;
		const cohortIds: string[] = [];
		for (const cohort of [
			{ name: 'Groupe 1', startDate: '2026-12-07', modality: 'hybrid' as const },
			{ name: 'Groupe 2', startDate: '2027-01-11', modality: 'remote' as const }
		])
			cohortIds.push(await createCohort(db, actors.facilitatorA, { programmeId, ...cohort }, NOW, store));
		const copies = await Promise.all(cohortIds.map(attachmentOfCohort));
		for (const copy of copies) {
			expect(copy).toMatchObject({ name: 'modèle.pdf', mime: 'application/pdf', size: first.length });
			expect(bytesOf(copy!.id)).toEqual(first);
		}
		expect(new Set([programmeFile, ...copies.map((c) => c!.id)]).size).toBe(3);
		expect(tmpFiles()).toEqual([]);

		// A participant of the cohort reads it on their assignment and downloads it.
		const { userId } = await enrolWithoutInvite(
			db,
			actors.facilitatorA,
			cohortIds[0],
			{ firstName: 'Inès', lastName: '' },
			NOW
		);
		const ines = { ...actors.participantA, id: userId, first_name: 'Inès' };
		const activityId = Object.keys(await cohortAssignments(db, actors.facilitatorA, cohortIds[0]))[0];
		expect((await participantAssignment(db, ines, activityId, NOW)).assignment.attachment?.id).toBe(copies[0]!.id);
		expect((await openFile(db, ines, copies[0]!.id, store)).path).toBe(store.path(copies[0]!.id));

		// The programme's document replaced: its old file goes, the cohorts keep theirs.
		const second = docxBytes();
		const file = await staged(second, 'modèle v2.docx');
		await updateBlock(db, actors.facilitatorA, programmeId, blockId, work, NOW, { file, store });
		const replaced = (await blockOf(programmeId, blockId)).attachment!;
		expect(replaced.name).toBe('modèle v2.docx');
		expect(bytesOf(replaced.id)).toEqual(second);
		expect(existsSync(store.path(programmeFile))).toBe(false);
		for (const [at, cohortId] of cohortIds.entries()) {
			expect(await attachmentOfCohort(cohortId)).toEqual(copies[at]);
			expect(bytesOf(copies[at]!.id)).toEqual(first);
		}

		// One cohort's document removed by its facilitator: the other cohort and the programme keep theirs.
		await saveAssignment(
			db,
			actors.facilitatorA,
			cohortIds[0],
			activityId,
			{
				instructions: 'Suivez le modèle joint.',
				link: '',
				dueDate: '2026-12-10',
				dueTime: '15:30',
				mode: 'individual',
				groupSize: 2,
				removeAttachment: true
			},
			null,
			store,
			NOW
		);
		expect(await attachmentOfCohort(cohortIds[0])).toBeNull();
		expect(existsSync(store.path(copies[0]!.id))).toBe(false);
		expect(bytesOf(copies[1]!.id)).toEqual(first);
		expect(bytesOf(replaced.id)).toEqual(second);
		expect((await blockOf(programmeId, blockId)).attachment).toEqual(replaced);
	});

	it('is copied with the programme, removed with the box ticked, and goes with its block', async () => {
		const own = (await blockOf(programmeId, blockId)).attachment!;
		const copyId = await duplicateProgramme(db, actors.facilitatorA, programmeId, ' (copie)', NOW, store);
		const copied = (await getProgramme(db, actors.facilitatorA, copyId)).blocks.find((b) => b.attachment)!.attachment!;
		expect(copied.id).not.toBe(own.id);
		expect(bytesOf(copied.id)).toEqual(bytesOf(own.id));

		await updateBlock(db, actors.facilitatorA, programmeId, blockId, work, NOW, { remove: true, store });
		expect((await blockOf(programmeId, blockId)).attachment).toBeNull();
		expect(existsSync(store.path(own.id))).toBe(false);
		expect(existsSync(store.path(copied.id))).toBe(true);

		const copiedBlock = (await getProgramme(db, actors.facilitatorA, copyId)).blocks.find((b) => b.attachment)!;
		await removeBlock(db, actors.facilitatorA, copyId, copiedBlock.id, NOW, store);
		expect(existsSync(store.path(copied.id))).toBe(false);
	});

	it('is dropped when the block is no longer async work', async () => {
		const file = await staged(pdfBytes(), 'x.pdf');
		await updateBlock(db, actors.facilitatorA, programmeId, blockId, work, NOW, { file, store });
		const id = (await blockOf(programmeId, blockId)).attachment!.id;
		await updateBlock(db, actors.facilitatorA, programmeId, blockId, { ...work, kind: 'live' }, NOW, { store });
		expect((await blockOf(programmeId, blockId)).attachment).toBeNull();
		expect(existsSync(store.path(id))).toBe(false);
		expect(tmpFiles()).toEqual([]);
	});

	it('creates no cohort and leaves no file when a document cannot be copied', async () => {
		const file = await staged(pdfBytes(), 'x.pdf');
		await updateBlock(db, actors.facilitatorA, programmeId, blockId, work, NOW, { file, store });
		// Its file gone from under it (replaced by another editor in the meantime, say).
		rmSync(store.path(file.id));
		const files = storedFiles();
		const cohorts = await db.selectFrom('cohort').select('id').execute();
		expect(
			await refusalWithKey(
				createCohort(
					db,
					actors.facilitatorA,
					{ programmeId, name: 'Groupe 3', startDate: '2027-02-01', modality: 'hybrid' },
					NOW,
					store
				)
			)
		).toBe('409 block_document_changed');
		expect(await db.selectFrom('cohort').select('id').execute()).toEqual(cohorts);
		expect(storedFiles()).toEqual(files);
		expect(tmpFiles()).toEqual([]);
	});
});

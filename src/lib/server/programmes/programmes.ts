import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { DomainError, notFound } from '#lib/server/http/errors.ts';
import { requireProgrammeEditor, requireProgrammeReader, type Actor } from '#lib/server/auth/policy.ts';
import { TITLE_MAX, type BlockInput, type BlockMove, type ProgrammeInput } from './schemas.ts';
import { clock } from '#lib/server/clock.ts';
import { refreshRollupsOfProgramme } from '#lib/server/insights/rollups.ts';
import { documentColumns, NO_DOCUMENT, type DocumentColumns, type StagedFile } from '#lib/server/uploads/receive.ts';
import { uploadStore, type UploadStore } from '#lib/server/uploads/store.ts';

export async function listProgrammes(db: Db, actor: Actor) {
	requireProgrammeReader(actor);
	return db
		.selectFrom('programme')
		.leftJoin('programme_block', 'programme_block.programme_id', 'programme.id')
		.select(({ fn }) => [
			'programme.id',
			'programme.title',
			'programme.description',
			'programme.updated_at',
			fn.count<number>('programme_block.id').as('blockCount')
		])
		.where('programme.organisation_id', '=', actor.organisation_id)
		.groupBy(['programme.id', 'programme.title', 'programme.description', 'programme.updated_at'])
		.orderBy('programme.title')
		.execute();
}

async function programmeOf(db: Db, actor: Actor, programmeId: string) {
	const programme = await db.selectFrom('programme').selectAll().where('id', '=', programmeId).executeTakeFirst();
	if (!programme || programme.organisation_id !== actor.organisation_id) throw notFound(`programme ${programmeId}`);
	return programme;
}

export async function getProgramme(db: Db, actor: Actor, programmeId: string) {
	requireProgrammeReader(actor);
	const programme = await programmeOf(db, actor, programmeId);
	const blocks = await db
		.selectFrom('programme_block')
		.selectAll()
		.where('programme_id', '=', programmeId)
		// The editor's explicit order (moveBlock); ids only break ties left by two editors adding at once.
		.orderBy('position')
		.orderBy('id')
		.execute();
	const skills = blocks.length
		? await db
				.selectFrom('programme_block_skill')
				.selectAll()
				.where(
					'block_id',
					'in',
					blocks.map((b) => b.id)
				)
				.execute()
		: [];
	return {
		programme,
		blocks: blocks.map((b) => ({
			...b,
			skills: skills.filter((s) => s.block_id === b.id).map((s) => s.skill_id),
			/** What the page shows of its document (a download for the programme's readers: assignments/files.ts). */
			attachment: b.attachment_id
				? { id: b.attachment_id, name: b.attachment_name ?? 'document', size: b.attachment_size ?? 0 }
				: null
		}))
	};
}

export async function listDigitalSkills(db: Db) {
	return db.selectFrom('digital_skill').selectAll().orderBy('position').execute();
}

export async function createProgramme(db: Db, actor: Actor, input: ProgrammeInput, now = clock.now()): Promise<string> {
	requireProgrammeEditor(actor);
	const id = newId();
	await db
		.insertInto('programme')
		.values({
			id,
			organisation_id: actor.organisation_id,
			title: input.title,
			description: input.description,
			created_by: actor.id,
			created_at: now,
			updated_at: now
		})
		.execute();
	return id;
}

export async function updateProgramme(
	db: Db,
	actor: Actor,
	programmeId: string,
	input: ProgrammeInput,
	now = clock.now()
) {
	requireProgrammeEditor(actor);
	await programmeOf(db, actor, programmeId);
	await db
		.updateTable('programme')
		.set({ title: input.title, description: input.description, updated_at: now })
		.where('id', '=', programmeId)
		.execute();
}

async function checkSkills(db: Db, skills: string[]) {
	if (!skills.length) return;
	const known = await db.selectFrom('digital_skill').select('id').where('id', 'in', skills).execute();
	if (known.length !== new Set(skills).size)
		throw new DomainError(400, 'form_invalid_choice', `unknown skill in ${skills.join(',')}`);
}

function blockRow(input: BlockInput) {
	const async = input.kind === 'async';
	return {
		kind: input.kind,
		title: input.title,
		day_offset: input.dayOffset,
		start_time: input.startTime,
		duration_minutes: input.durationMinutes,
		objectives: input.objectives,
		optional: input.optional ? 1 : 0,
		// Only async work is handed in: other kinds keep no instructions, link or due date.
		instructions: async ? (input.instructions ?? '') : '',
		link: async && input.link ? input.link : null,
		due_offset_days: async ? (input.dueOffsetDays ?? 0) : 0
	};
}

/**
 * The document sent with a block's editor: `file` (staged by uploads/receive.ts, with the assignment's types and
 * limits) replaces the block's document; `remove` lets it go. The domain takes charge of `file`: committed with
 * the block's row, deleted otherwise. Only async blocks keep a document, as only they keep instructions.
 */
export interface BlockDocumentChange {
	file?: StagedFile | null;
	remove?: boolean;
	store?: UploadStore;
}

/**
 * Marks a programme as changed, first thing in a transaction that changes its blocks: the row lock it takes
 * (PostgreSQL; SQLite has one writer) makes two editors' adds and moves on one programme wait for each other,
 * so positions computed from what was read stay right.
 */
async function touchProgramme(trx: Db, programmeId: string, now: number) {
	await trx.updateTable('programme').set({ updated_at: now }).where('id', '=', programmeId).execute();
}

/** Whether a block starts later in the programme than a new one (by day, then time). */
const startsAfter = (b: { day_offset: number; start_time: string }, input: BlockInput) =>
	b.day_offset > input.dayOffset || (b.day_offset === input.dayOffset && b.start_time > input.startTime);

/** The programme's blocks in their order, for renumbering. */
const blockOrder = (trx: Db, programmeId: string) =>
	trx
		.selectFrom('programme_block')
		.select(['id', 'position', 'day_offset', 'start_time'])
		.where('programme_id', '=', programmeId)
		.orderBy('position')
		.orderBy('id')
		.execute();

/** Writes positions 0…n-1 in the given order (null: a place kept for a new block), touching only the rows that change. */
async function renumber(trx: Db, ordered: ({ id: string; position: number } | null)[]) {
	for (const [position, block] of ordered.entries()) {
		if (block && block.position !== position)
			await trx.updateTable('programme_block').set({ position }).where('id', '=', block.id).execute();
	}
}

export async function addBlock(
	db: Db,
	actor: Actor,
	programmeId: string,
	input: BlockInput,
	now = clock.now(),
	{ file = null, store = uploadStore() }: BlockDocumentChange = {}
): Promise<string> {
	const id = newId();
	// A document goes with async work only (the other kinds keep none).
	const kept = file && input.kind === 'async' ? file : null;
	await store.commit(
		file ? [file.id] : [],
		async () => {
			requireProgrammeEditor(actor);
			await programmeOf(db, actor, programmeId);
			await checkSkills(db, input.skills);
			await insertBlock(db, programmeId, id, input, kept ? documentColumns(kept) : NO_DOCUMENT, now);
		},
		() => (kept ? [kept.id] : [])
	);
	return id;
}

async function insertBlock(
	db: Db,
	programmeId: string,
	id: string,
	input: BlockInput,
	document: DocumentColumns,
	now: number
) {
	await db.transaction().execute(async (trx) => {
		await touchProgramme(trx, programmeId, now);
		// A new block goes after the last one of its day and time or earlier, so the list stays in time
		// order by default; the editor moves it from there if they want another order.
		const order = await blockOrder(trx, programmeId);
		const at = order.findLastIndex((b) => !startsAfter(b, input)) + 1;
		await renumber(trx, [...order.slice(0, at), null, ...order.slice(at)]);
		await trx
			.insertInto('programme_block')
			.values({ id, programme_id: programmeId, position: at, ...blockRow(input), ...document })
			.execute();
		if (input.skills.length) {
			await trx
				.insertInto('programme_block_skill')
				.values([...new Set(input.skills)].map((skill_id) => ({ block_id: id, skill_id })))
				.execute();
		}
		// Its blocks' skills are its cohorts' core skills.
		await refreshRollupsOfProgramme(trx, programmeId, now);
	});
}

/**
 * Saves a block from its editor. A new document replaces the block's one, `remove` lets it go, a block that is
 * no longer async drops it; the file let go is deleted once the row is committed. Cohorts already made from the
 * programme keep their own copies.
 */
export async function updateBlock(
	db: Db,
	actor: Actor,
	programmeId: string,
	blockId: string,
	input: BlockInput,
	now = clock.now(),
	{ file = null, remove = false, store = uploadStore() }: BlockDocumentChange = {}
) {
	const kept = file && input.kind === 'async' ? file : null;
	const released = await store.commit(
		file ? [file.id] : [],
		async () => {
			requireProgrammeEditor(actor);
			await programmeOf(db, actor, programmeId);
			await checkSkills(db, input.skills);
			return saveBlock(db, programmeId, blockId, input, kept, remove, now);
		},
		() => (kept ? [kept.id] : [])
	);
	if (released) await store.remove([released]);
}

/** Writes a block's row and skills; returns the document file it let go of, to delete once committed. */
async function saveBlock(
	db: Db,
	programmeId: string,
	blockId: string,
	input: BlockInput,
	file: StagedFile | null,
	remove: boolean,
	now: number
): Promise<string | null> {
	return db.transaction().execute(async (trx) => {
		// First: two editors replacing one block's document wait for each other, so the file let go is the right one.
		await touchProgramme(trx, programmeId, now);
		const existing = await trx
			.selectFrom('programme_block')
			.select('attachment_id')
			.where('id', '=', blockId)
			.where('programme_id', '=', programmeId)
			.executeTakeFirst();
		if (!existing) throw notFound(`block ${blockId}`);
		const document: Partial<DocumentColumns> = file
			? documentColumns(file)
			: remove || input.kind !== 'async'
				? NO_DOCUMENT
				: {};
		await trx
			.updateTable('programme_block')
			.set({ ...blockRow(input), ...document })
			.where('id', '=', blockId)
			.where('programme_id', '=', programmeId)
			.execute();
		await trx.deleteFrom('programme_block_skill').where('block_id', '=', blockId).execute();
		if (input.skills.length) {
			await trx
				.insertInto('programme_block_skill')
				.values([...new Set(input.skills)].map((skill_id) => ({ block_id: blockId, skill_id })))
				.execute();
		}
		// Its blocks' skills are its cohorts' core skills.
		await refreshRollupsOfProgramme(trx, programmeId, now);
		return existing.attachment_id && 'attachment_id' in document && existing.attachment_id !== document.attachment_id
			? existing.attachment_id
			: null;
	});
}

export async function removeBlock(
	db: Db,
	actor: Actor,
	programmeId: string,
	blockId: string,
	now = clock.now(),
	store = uploadStore()
) {
	requireProgrammeEditor(actor);
	await programmeOf(db, actor, programmeId);
	const released = await db.transaction().execute(async (trx) => {
		await touchProgramme(trx, programmeId, now);
		const block = await trx
			.selectFrom('programme_block')
			.select('attachment_id')
			.where('id', '=', blockId)
			.where('programme_id', '=', programmeId)
			.executeTakeFirst();
		await trx.deleteFrom('programme_block').where('id', '=', blockId).where('programme_id', '=', programmeId).execute();
		await renumber(trx, await blockOrder(trx, programmeId));
		// Its blocks' skills are its cohorts' core skills.
		await refreshRollupsOfProgramme(trx, programmeId, now);
		return block?.attachment_id ?? null;
	});
	// Its cohorts' copies stay with them.
	if (released) await store.remove([released]);
}

/**
 * Moves a block one place up or down in its programme's order. The first block moved up (or the last
 * moved down) stays where it is. Days and times do not change: the order is the editor's reading order,
 * and a cohort's activities are dated from each block's own day.
 */
export async function moveBlock(
	db: Db,
	actor: Actor,
	programmeId: string,
	blockId: string,
	direction: BlockMove,
	now = clock.now()
) {
	requireProgrammeEditor(actor);
	await programmeOf(db, actor, programmeId);
	await db.transaction().execute(async (trx) => {
		await touchProgramme(trx, programmeId, now);
		const order = await blockOrder(trx, programmeId);
		const from = order.findIndex((b) => b.id === blockId);
		if (from < 0) throw notFound(`block ${blockId} in programme ${programmeId}`);
		const to = direction === 'up' ? from - 1 : from + 1;
		if (to < 0 || to >= order.length) return;
		[order[from], order[to]] = [order[to], order[from]];
		await renumber(trx, order);
	});
}

/**
 * A copy of a programme with all its blocks (order, timing, async work) and their skills, titled
 * "<title><suffix>" (the suffix in the editor's language, e.g. " (copie)"), the title cut to fit. Cohorts
 * made from the original stay with it. Returns the copy's id.
 */
export async function duplicateProgramme(
	db: Db,
	actor: Actor,
	programmeId: string,
	suffix: string,
	now = clock.now(),
	store = uploadStore()
): Promise<string> {
	requireProgrammeEditor(actor);
	const { programme, blocks } = await getProgramme(db, actor, programmeId);
	const id = newId();
	// The copy's documents are files of its own: editing one programme never touches the other's.
	const copies = await copyBlockDocuments(store, blocks);
	await store.commit([...copies.values()], () =>
		insertCopy(db, actor, programme, blocks, id, title(programme.title, suffix), copies, now)
	);
	return id;
}

function title(original: string, suffix: string) {
	const base = [...original];
	return (
		base
			.slice(0, Math.max(0, TITLE_MAX - [...suffix].length))
			.join('')
			.trimEnd() + suffix
	);
}

async function insertCopy(
	db: Db,
	actor: Actor,
	programme: { description: string },
	blocks: Awaited<ReturnType<typeof getProgramme>>['blocks'],
	id: string,
	title: string,
	copies: Map<string, string>,
	now: number
) {
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('programme')
			.values({
				id,
				organisation_id: actor.organisation_id,
				title,
				description: programme.description,
				created_by: actor.id,
				created_at: now,
				updated_at: now
			})
			.execute();
		for (const [
			position,
			{ id: source, programme_id: _programme, skills, attachment: _shown, ...block }
		] of blocks.entries()) {
			const blockId = newId();
			const copy = copies.get(source);
			await trx
				.insertInto('programme_block')
				.values({
					...block,
					...(copy ? { attachment_id: copy } : NO_DOCUMENT),
					id: blockId,
					programme_id: id,
					position
				})
				.execute();
			if (skills.length)
				await trx
					.insertInto('programme_block_skill')
					.values(skills.map((skill_id) => ({ block_id: blockId, skill_id })))
					.execute();
		}
	});
}

/**
 * Copies the documents of these blocks (async ones) into the store's tmp directory, each under a new id, and
 * returns the new ids by block id: the caller commits them with the rows that name them (`store.promote`) or
 * drops them (`store.discardTemp`). A copy per cohort (or programme copy) rather than a shared file: each
 * owner replaces or deletes its own document without looking at anyone else's (assignment.attachment_id is
 * unique, too). A document replaced or removed meanwhile (its file gone): 409, and the copies made are dropped.
 */
export async function copyBlockDocuments(
	store: UploadStore,
	blocks: readonly { id: string; kind: string; attachment_id: string | null }[]
): Promise<Map<string, string>> {
	const copies = new Map<string, string>();
	try {
		for (const block of blocks) {
			if (block.kind !== 'async' || !block.attachment_id) continue;
			const copy = newId();
			copies.set(block.id, copy);
			await store.copyToTemp(block.attachment_id, copy);
		}
	} catch (e) {
		await store.discardTemp([...copies.values()]);
		if ((e as NodeJS.ErrnoException).code === 'ENOENT')
			throw new DomainError(409, 'block_document_changed', `a block's document went while copying: ${String(e)}`);
		throw e;
	}
	return copies;
}

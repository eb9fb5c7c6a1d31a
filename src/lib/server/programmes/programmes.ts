import type { Db } from '#lib/server/db/index.ts';
import { newId } from '#lib/server/db/ids.ts';
import { DomainError, notFound } from '#lib/server/http/errors.ts';
import { requireProgrammeEditor, requireProgrammeReader, type Actor } from '#lib/server/auth/policy.ts';
import type { BlockInput, ProgrammeInput } from './schemas.ts';
import { clock } from '#lib/server/clock.ts';
import { refreshRollupsOfProgramme } from '#lib/server/insights/rollups.ts';

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
		.orderBy('day_offset')
		.orderBy('start_time')
		.orderBy('position')
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
		blocks: blocks.map((b) => ({ ...b, skills: skills.filter((s) => s.block_id === b.id).map((s) => s.skill_id) }))
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
	return {
		kind: input.kind,
		title: input.title,
		day_offset: input.dayOffset,
		start_time: input.startTime,
		duration_minutes: input.durationMinutes,
		objectives: input.objectives,
		optional: input.optional ? 1 : 0
	};
}

export async function addBlock(
	db: Db,
	actor: Actor,
	programmeId: string,
	input: BlockInput,
	now = clock.now()
): Promise<string> {
	requireProgrammeEditor(actor);
	await programmeOf(db, actor, programmeId);
	await checkSkills(db, input.skills);
	const id = newId();
	await db.transaction().execute(async (trx) => {
		const last = await trx
			.selectFrom('programme_block')
			.select(({ fn }) => fn.max<number | null>('position').as('max'))
			.where('programme_id', '=', programmeId)
			.executeTakeFirst();
		await trx
			.insertInto('programme_block')
			.values({ id, programme_id: programmeId, position: (last?.max ?? -1) + 1, ...blockRow(input) })
			.execute();
		if (input.skills.length) {
			await trx
				.insertInto('programme_block_skill')
				.values([...new Set(input.skills)].map((skill_id) => ({ block_id: id, skill_id })))
				.execute();
		}
		await trx.updateTable('programme').set({ updated_at: now }).where('id', '=', programmeId).execute();
		// Its blocks' skills are its cohorts' core skills.
		await refreshRollupsOfProgramme(trx, programmeId, now);
	});
	return id;
}

export async function updateBlock(
	db: Db,
	actor: Actor,
	programmeId: string,
	blockId: string,
	input: BlockInput,
	now = clock.now()
) {
	requireProgrammeEditor(actor);
	await programmeOf(db, actor, programmeId);
	await checkSkills(db, input.skills);
	await db.transaction().execute(async (trx) => {
		const updated = await trx
			.updateTable('programme_block')
			.set(blockRow(input))
			.where('id', '=', blockId)
			.where('programme_id', '=', programmeId)
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) !== 1) throw notFound(`block ${blockId}`);
		await trx.deleteFrom('programme_block_skill').where('block_id', '=', blockId).execute();
		if (input.skills.length) {
			await trx
				.insertInto('programme_block_skill')
				.values([...new Set(input.skills)].map((skill_id) => ({ block_id: blockId, skill_id })))
				.execute();
		}
		await trx.updateTable('programme').set({ updated_at: now }).where('id', '=', programmeId).execute();
		// Its blocks' skills are its cohorts' core skills.
		await refreshRollupsOfProgramme(trx, programmeId, now);
	});
}

export async function removeBlock(db: Db, actor: Actor, programmeId: string, blockId: string, now = clock.now()) {
	requireProgrammeEditor(actor);
	await programmeOf(db, actor, programmeId);
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('programme_block').where('id', '=', blockId).where('programme_id', '=', programmeId).execute();
		await trx.updateTable('programme').set({ updated_at: now }).where('id', '=', programmeId).execute();
		// Its blocks' skills are its cohorts' core skills.
		await refreshRollupsOfProgramme(trx, programmeId, now);
	});
}

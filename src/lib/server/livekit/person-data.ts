import type { Db } from '#lib/server/db/index.ts';
import type { PersonDataSection } from '#lib/server/privacy/person-data.ts';

/** Replaces every whole occurrence of the person's names in a text by a neutral marker. */
export function withoutNames(text: string, names: string[], marker = '∅'): string {
	let out = text;
	for (const name of names.filter((n) => n.trim().length > 0)) out = out.split(name).join(marker);
	return out;
}

export async function namesOf(db: Db, userId: string): Promise<string[]> {
	const user = await db
		.selectFrom('user')
		.select(['first_name', 'last_name'])
		.where('id', '=', userId)
		.executeTakeFirst();
	if (!user) return [];
	const names = [user.first_name, user.last_name ?? ''].filter((n) => n.trim().length > 0);
	// The full name first, so "Fatima Benali" goes as one piece.
	return names.length > 1 ? [names.join(' '), ...names] : names;
}

/**
 * LiveKit webhooks naming the person (append-only log of what the rooms said). The export gives
 * the events; erasure keeps them (attendance is rebuilt from them) but their bodies lose the person's names.
 */
export const roomEventPersonData: PersonDataSection = {
	key: 'roomEvents',
	collect: (db, userId) =>
		db
			.selectFrom('room_event')
			.select(['id', 'event', 'room_name', 'created_at', 'received_at'])
			.where('participant_identity', '=', userId)
			.orderBy('created_at')
			.execute(),
	erase: async (trx, userId) => {
		const names = await namesOf(trx, userId);
		if (!names.length) return;
		const rows = await trx
			.selectFrom('room_event')
			.select(['id', 'body'])
			.where('participant_identity', '=', userId)
			.execute();
		for (const row of rows) {
			const body = withoutNames(row.body, names);
			if (body !== row.body) await trx.updateTable('room_event').set({ body }).where('id', '=', row.id).execute();
		}
	}
};

import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as liveRooms from './0002-live-rooms.ts';

/** Every migration, in order. Imported statically so the built server carries them. */
export const migrations: Record<string, Migration> = {
	'0001-foundation': foundation,
	'0002-live-rooms': liveRooms
};

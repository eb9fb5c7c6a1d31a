import { dbConfigFromEnv } from '#lib/server/db/index.ts';
import { loadOrCreateVapidKeys, type VapidKeys } from './push.ts';

let keys: VapidKeys | undefined;

/** The app's VAPID keys (see loadOrCreateVapidKeys), read once. */
export function appVapidKeys(): VapidKeys {
	keys ??= loadOrCreateVapidKeys(dbConfigFromEnv().dataDir ?? './data');
	return keys;
}

/** What browsers need to subscribe (the public half only). */
export const pushPublicKey = () => appVapidKeys().publicKey;

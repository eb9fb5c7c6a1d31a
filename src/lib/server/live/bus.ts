import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '#lib/server/db/index.ts';

/**
 * What changed in a cohort's feed. Only ids travel: each open page then reads again, through its
 * own load, what its reader may see (hidden posts, other cohorts). Nothing a member may not see can
 * leak through the stream, and no message text goes through the database's NOTIFY.
 * `settings`: the cohort's feed settings changed (postId is empty). `resync` says changes may have been missed (the listener lost its connection): read again.
 */
export interface FeedChange {
	cohortId: string;
	postId: string;
	change: 'post' | 'comment' | 'pin' | 'hide' | 'settings' | 'resync';
}

export type FeedListener = (change: FeedChange) => void;

/**
 * What happened in a live activity's room that its open pages show at once (polls and reactions).
 * `poll`: a poll opened, was answered or closed — each page reads the polls again through its own
 * request, so counts and names reach only who may see them. `reaction`: its kind alone (never who
 * sent it). `notes`: the activity's shared notes changed (text or who may write) — each page asks for what
 * it lacks through its own request, so no text goes through the bus. `breakout`: the breakouts' message,
 * timer, help calls or groups changed (each page reads its own view again). `resync`: signals may have been
 * missed (the listener lost its connection).
 */
export interface RoomSignal {
	activityId: string;
	signal: 'poll' | 'reaction' | 'notes' | 'breakout' | 'resync';
	reaction?: string;
}

export type RoomListener = (signal: RoomSignal) => void;

export interface RoomPublisher {
	publishRoom(signal: RoomSignal): Promise<void>;
}

/** Room signals share the emitter with feed changes under keys no cohort id can take. */
const roomKey = (activityId: string) => `room:${activityId}`;

export interface FeedPublisher {
	publish(change: FeedChange): Promise<void>;
}

/** Fans feed changes and room signals out to every app instance's open streams. */
export interface LiveBus extends FeedPublisher, RoomPublisher {
	/** Resolves once changes published from now on will reach `listener`; returns the way to stop. */
	subscribe(cohortId: string, listener: FeedListener): Promise<() => void>;
	/** The same for one activity's room. */
	subscribeRoom(activityId: string, listener: RoomListener): Promise<() => void>;
	close(): Promise<void>;
}

function isFeedChange(value: unknown): value is FeedChange {
	const c = value as FeedChange;
	return !!c && typeof c.cohortId === 'string' && typeof c.postId === 'string' && typeof c.change === 'string';
}

function isRoomSignal(value: unknown): value is RoomSignal {
	const s = value as RoomSignal;
	return !!s && typeof s.activityId === 'string' && typeof s.signal === 'string';
}

function newEmitter() {
	const emitter = new EventEmitter();
	// One listener per open page: many is normal, not a leak.
	emitter.setMaxListeners(0);
	return emitter;
}

/** One process (SQLite: a single instance by design): an in-process emitter is the whole bus. */
export class MemoryBus implements LiveBus {
	private emitter = newEmitter();

	async publish(change: FeedChange): Promise<void> {
		// Delivered after the writer's request goes on, as a database notification would be.
		setImmediate(() => this.emitter.emit(change.cohortId, change));
	}

	async subscribe(cohortId: string, listener: FeedListener): Promise<() => void> {
		this.emitter.on(cohortId, listener);
		return () => this.emitter.off(cohortId, listener);
	}

	async publishRoom(signal: RoomSignal): Promise<void> {
		setImmediate(() => this.emitter.emit(roomKey(signal.activityId), signal));
	}

	async subscribeRoom(activityId: string, listener: RoomListener): Promise<() => void> {
		this.emitter.on(roomKey(activityId), listener);
		return () => this.emitter.off(roomKey(activityId), listener);
	}

	async close(): Promise<void> {
		this.emitter.removeAllListeners();
	}
}

export interface PostgresBusOptions {
	connectionString: string;
	/** The NOTIFY channel (tests use their own). */
	channel?: string;
	/** Wait before listening again after the connection dropped. */
	reconnectMs?: number;
}

/**
 * Several app instances on one PostgreSQL: a change is sent with NOTIFY (through the app's pool, so
 * it leaves with the writer's connection) and every instance hears it on one dedicated connection
 * that LISTENs, then hands it to its own open streams.
 */
export class PostgresBus implements LiveBus {
	private emitter = newEmitter();
	private listener: pg.Client | undefined;
	private listening: Promise<void> | undefined;
	private retry: NodeJS.Timeout | undefined;
	private closed = false;
	private readonly channel: string;

	constructor(
		private readonly db: Db,
		private readonly options: PostgresBusOptions
	) {
		this.channel = options.channel ?? 'tablee_feed';
		if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.channel)) throw new Error(`invalid NOTIFY channel name ${this.channel}`);
	}

	async publish(change: FeedChange): Promise<void> {
		await sql`select pg_notify(${this.channel}, ${JSON.stringify(change)})`.execute(this.db);
	}

	async subscribe(cohortId: string, listener: FeedListener): Promise<() => void> {
		return this.on(cohortId, listener);
	}

	async publishRoom(signal: RoomSignal): Promise<void> {
		await sql`select pg_notify(${this.channel}, ${JSON.stringify({ room: signal })})`.execute(this.db);
	}

	async subscribeRoom(activityId: string, listener: RoomListener): Promise<() => void> {
		return this.on(roomKey(activityId), listener);
	}

	private async on(key: string, listener: FeedListener | RoomListener): Promise<() => void> {
		this.emitter.on(key, listener);
		try {
			await this.listen();
		} catch (e) {
			this.emitter.off(key, listener);
			throw e;
		}
		return () => this.emitter.off(key, listener);
	}

	async close(): Promise<void> {
		this.closed = true;
		clearTimeout(this.retry);
		this.emitter.removeAllListeners();
		const client = this.listener;
		this.listener = undefined;
		this.listening = undefined;
		await client?.end().catch(() => {});
	}

	private listen(): Promise<void> {
		if (this.closed) return Promise.reject(new Error('the live bus is closed'));
		this.listening ??= (async () => {
			const client = new pg.Client({ connectionString: this.options.connectionString });
			client.on('notification', (msg) => {
				if (msg.channel !== this.channel || !msg.payload) return;
				let change: unknown;
				try {
					change = JSON.parse(msg.payload);
				} catch {
					return;
				}
				if (isFeedChange(change)) this.emitter.emit(change.cohortId, change);
				else if (isRoomSignal((change as { room?: unknown })?.room)) {
					const signal = (change as { room: RoomSignal }).room;
					this.emitter.emit(roomKey(signal.activityId), signal);
				}
			});
			// A dropped connection must not crash the app: listen again, and tell open pages to read again.
			client.on('error', () => this.lost(client));
			client.on('end', () => this.lost(client));
			try {
				await client.connect();
				await client.query(`LISTEN "${this.channel}"`);
			} catch (e) {
				this.listening = undefined;
				await client.end().catch(() => {});
				throw e;
			}
			this.listener = client;
		})();
		return this.listening;
	}

	private lost(client: pg.Client) {
		if (this.listener !== client || this.closed) return;
		this.listener = undefined;
		this.listening = undefined;
		void client.end().catch(() => {});
		const again = () => {
			if (this.closed || this.emitter.eventNames().length === 0) return;
			this.listen().then(
				() => {
					for (const key of this.emitter.eventNames().map(String)) {
						if (key.startsWith('room:'))
							this.emitter.emit(key, { activityId: key.slice('room:'.length), signal: 'resync' });
						else this.emitter.emit(key, { cohortId: key, postId: '', change: 'resync' });
					}
				},
				() => (this.retry = setTimeout(again, this.options.reconnectMs ?? 2000))
			);
		};
		this.retry = setTimeout(again, this.options.reconnectMs ?? 2000);
	}
}

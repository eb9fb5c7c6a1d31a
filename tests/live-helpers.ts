/**
 * Pieces of the live-room specs: a club of their own with a live activity running now (built through
 * the app's own forms and endpoints), browsers that keep a hand on their RTCPeerConnections so
 * `getStats` can be read, the e2e database read-only, and the LiveKit server of the e2e app, which
 * the fault spec kills and restarts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { devices, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { e2eServer } from './e2e-server';
import { DEMO_PIN, DEMO_PROGRAMME, postForm, STAFF, STAFF_PASSWORD, t } from './helpers';
import { parisDate, uniqueLetters } from './builders';

/** Paris wall-clock date and time of `instant`, as the activity form takes them. */
export function parisClock(instant: number) {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-CA', {
			timeZone: 'Europe/Paris',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		})
			.formatToParts(instant)
			.map((p) => [p.type, p.value])
	);
	return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** Every RTCPeerConnection a page opens is kept in `window.__pcs`, so tests can read real getStats. */
const KEEP_PEER_CONNECTIONS = () => {
	const Native = window.RTCPeerConnection;
	const kept: RTCPeerConnection[] = [];
	(window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = kept;
	class Kept extends Native {
		constructor(config?: RTCConfiguration) {
			super(config);
			kept.push(this);
		}
	}
	window.RTCPeerConnection = Kept;
};

/** Every Content-Security-Policy refusal a page meets is kept in `window.__cspRefusals` (what, and where). */
const KEEP_CSP_REFUSALS = () => {
	const kept: string[] = [];
	(window as unknown as { __cspRefusals: string[] }).__cspRefusals = kept;
	document.addEventListener('securitypolicyviolation', (e) => kept.push(`${e.violatedDirective} ${e.blockedURI}`));
};

/** What the page's Content-Security-Policy refused so far (see KEEP_CSP_REFUSALS). */
export const cspRefusals = (page: Page) =>
	page.evaluate(() => (window as unknown as { __cspRefusals?: string[] }).__cspRefusals ?? []);

/** A browser context for the room pages (`base`: another app than the e2e one, e.g. an instance of the cluster). */
export async function liveContext(
	browser: Browser,
	phone = false,
	base = e2eServer().baseURL
): Promise<BrowserContext> {
	const context = await browser.newContext({
		...(phone ? devices['Pixel 7'] : devices['Desktop Chrome']),
		baseURL: base,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		permissions: ['camera', 'microphone']
	});
	// Under tsx (the benches), named classes and functions are wrapped in a `__name` helper that the page
	// lacks: without this line KEEP_PEER_CONNECTIONS throws there and getStats finds no connection.
	await context.addInitScript({ content: 'globalThis.__name ??= (target) => target;' });
	await context.addInitScript(KEEP_PEER_CONNECTIONS);
	await context.addInitScript(KEEP_CSP_REFUSALS);
	return context;
}

export interface LiveClub {
	cohortId: string;
	activityId: string;
	facilitator: { context: BrowserContext; page: Page };
	participants: { context: BrowserContext; page: Page; name: string; id: string }[];
}

/**
 * A cohort of Claire's (from the demo programme, starting in a month), with a live (or in-person) activity that
 * started a minute ago and `count` participants who joined with an invite, each in their own
 * browser (phones when `phones`). Everyone is logged in; nobody is in the room yet.
 */
export async function buildLiveClub(
	browser: Browser,
	count: number,
	options: {
		phones?: boolean;
		durationMinutes?: number;
		kind?: 'live' | 'in_person';
		/** The browser of participant `index` (another fake microphone, say); `browser` by default. */
		browserFor?: (index: number) => Browser;
	} = {}
): Promise<LiveClub> {
	const facilitator = await liveContext(browser);
	const login = await postForm(facilitator.request, '/login?/staff', { email: STAFF.claire, password: STAFF_PASSWORD });
	expect(login.text, 'Claire logs in').toContain('redirect');
	const fPage = await facilitator.newPage();
	await fPage.goto('/cohorts');
	const programmeId = await fPage
		.locator('select[name=programmeId] option', { hasText: DEMO_PROGRAMME })
		.first()
		.getAttribute('value');
	const created = await postForm(facilitator.request, '/cohorts?/create', {
		programmeId: programmeId ?? '',
		name: `Visio ${uniqueLetters()}`,
		startDate: parisDate(30),
		modality: 'hybrid'
	});
	const cohortId = /\/cohorts\/([a-z2-7]{16})/.exec(created.text)?.[1];
	expect(cohortId, `a cohort was created: ${created.text}`).toBeTruthy();
	const title = `Visio en direct ${uniqueLetters()}`;
	const added = await postForm(facilitator.request, `/cohorts/${cohortId}?/addActivity`, {
		kind: options.kind ?? 'live',
		title,
		...parisClock(Date.now() - 60_000),
		durationMinutes: String(options.durationMinutes ?? 120),
		objectives: '',
		optional: ''
	});
	expect(added.status).toBe(200);
	await fPage.goto(`/cohorts/${cohortId}`);
	const href = await fPage
		.locator('li.activity', { hasText: title })
		.locator('a[href^="/rooms/"], a[href^="/activities/"][href$="/attendance"]')
		.first()
		.getAttribute('href');
	const activityId = /\/(?:rooms|activities)\/([a-z2-7]{16})/.exec(href ?? '')?.[1] ?? '';
	expect(activityId).toMatch(/^[a-z2-7]{16}$/);

	const participants: LiveClub['participants'] = [];
	for (let i = 0; i < count; i++) {
		const invite = await postForm(facilitator.request, `/cohorts/${cohortId}/invites?/create`, {
			maxUses: '1',
			validDays: '1'
		});
		const token = /\/invite\/([a-z2-7]{16})/.exec(invite.text)?.[1];
		expect(token, 'an invite link').toBeTruthy();
		const context = await liveContext(options.browserFor?.(i) ?? browser, options.phones);
		const name = `Pers${uniqueLetters()}`.slice(0, 20);
		const joined = await postForm(context.request, `/invite/${token}`, {
			firstName: name,
			pin: DEMO_PIN,
			pinConfirm: DEMO_PIN
		});
		expect(joined.text, `${name} joins with the invite`).toContain('/me?welcome=1');
		const page = await context.newPage();
		participants.push({ context, page, name, id: '' });
	}
	const db = e2eDb();
	try {
		for (const p of participants) {
			p.id = (
				db
					.prepare(
						'select user.id from user join cohort_member on cohort_member.user_id = user.id where cohort_id = ? and first_name = ?'
					)
					.get(cohortId, p.name) as { id: string }
			).id;
		}
	} finally {
		db.close();
	}
	return { cohortId: cohortId!, activityId, facilitator: { context: facilitator, page: fPage }, participants };
}

/**
 * The spec's live club (buildLiveClub, given two minutes), built before its tests and handed to `keep`; closed after
 * them.
 */
export function useLiveClub(
	count: number,
	options: Parameters<typeof buildLiveClub>[2],
	keep: (club: LiveClub) => void
): void {
	let built: LiveClub | undefined;
	test.beforeAll(async ({ browser }) => {
		test.setTimeout(120_000);
		built = await buildLiveClub(browser, count, options);
		keep(built);
	});
	test.afterAll(async () => {
		if (built) await closeClub(built);
	});
}

export async function closeClub(club: LiveClub) {
	await Promise.all(
		[club.facilitator.context, ...club.participants.map((p) => p.context)].map((c) => c.close().catch(() => {}))
	);
}

/** Goes to the room page; does the device check if it comes first; joins; waits until connected. */
/** Opens the room page up to its lobby (the device check passed), its "Rejoindre" button ready. */
export async function toLobby(page: Page, activityId: string, timeout = 15_000) {
	if (!page.url().endsWith(`/rooms/${activityId}`)) await page.goto(`/rooms/${activityId}`);
	const room = page.locator('.live-room');
	// The room's own chunk (and livekit-client) arrive after the page: on a busy machine, seconds later.
	// What is checked here is that the room opens, not how fast (bench/live-join.ts measures that).
	await expect(room).toHaveAttribute('data-phase', /check|lobby/, { timeout });
	if ((await room.getAttribute('data-phase')) === 'check') {
		await page.getByRole('button', { name: t('device_ok') }).click();
	}
	await page
		.locator('.lobby')
		.getByRole('button', { name: t('room_join') })
		.waitFor();
}

/**
 * Joins the room the page shows (an activity's room or the salon): past the device check when it is shown, then
 * from the lobby; waits until connected.
 */
export async function joinShownRoom(page: Page) {
	const room = page.locator('.live-room');
	await expect(room).toHaveAttribute('data-phase', /check|lobby/, { timeout: 15_000 });
	if ((await room.getAttribute('data-phase')) === 'check')
		await page.getByRole('button', { name: t('device_ok') }).click();
	await page
		.locator('.lobby')
		.getByRole('button', { name: t('room_join') })
		.click();
	await expect(room).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
}

export async function enterRoom(page: Page, activityId: string, options: { audioOnly?: boolean } = {}) {
	await toLobby(page, activityId);
	if (options.audioOnly) await page.getByLabel(t('room_join_audio_only')).check();
	await page
		.locator('.lobby')
		.getByRole('button', { name: t('room_join') })
		.click();
	await expect(page.locator('.live-room')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
}

export interface Inbound {
	bytes: number;
	packets: number;
	frames: number;
}

/** Sum of inbound-rtp figures of one kind over every peer connection of the page (real getStats). */
export async function inbound(page: Page, kind: 'audio' | 'video'): Promise<Inbound> {
	return page.evaluate(async (kind) => {
		const total = { bytes: 0, packets: 0, frames: 0 };
		for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []) {
			if (pc.connectionState === 'closed') continue;
			(await pc.getStats()).forEach((s: Record<string, number | string>) => {
				if (s.type === 'inbound-rtp' && s.kind === kind) {
					total.bytes += Number(s.bytesReceived ?? 0);
					total.packets += Number(s.packetsReceived ?? 0);
					total.frames += Number(s.framesDecoded ?? 0);
				}
			});
		}
		return total;
	}, kind);
}

/** Frames the <video> of `identity`'s tile has shown so far, and its size. */
export async function tileFrames(page: Page, identity: string) {
	return page
		.locator(`[data-identity="${identity}"] video`)
		.first()
		.evaluate((video: HTMLVideoElement) => ({
			frames: video.getVideoPlaybackQuality().totalVideoFrames,
			width: video.videoWidth,
			paused: video.paused
		}));
}

/** The e2e app's SQLite database, read-only (the app writes, the spec only looks). */
export function e2eDb() {
	return new Database(join(e2eServer().dataDir, 'tablee.sqlite'), { readonly: true, fileMustExist: true });
}

export function attendanceRow(activityId: string, userId: string) {
	const db = e2eDb();
	try {
		return db.prepare('select * from attendance where activity_id = ? and user_id = ?').get(activityId, userId) as
			{ seconds: number; mode: string; source: string } | undefined;
	} finally {
		db.close();
	}
}

export function presences(activityId: string, userId: string) {
	const db = e2eDb();
	try {
		return db
			.prepare('select * from presence where activity_id = ? and user_id = ? order by joined_at')
			.all(activityId, userId) as { joined_at: number; left_at: number | null; room_name: string }[];
	} finally {
		db.close();
	}
}

/** The LiveKit server of the e2e app (scripts/test-server.mjs): its pid file, its config, its secret. */
export const livekitServer = {
	pid: () => Number(readFileSync(join(e2eServer().dataDir, 'livekit.pid'), 'utf8')),
	secret: () => readFileSync(join(e2eServer().dataDir, 'livekit-secret'), 'utf8').trim(),
	kill() {
		process.kill(this.pid(), 'SIGKILL');
	},
	/**
	 * Asks scripts/test-server.mjs to start it again (same config, ports and secret) and waits until it
	 * answers. The server is test-server's child, so it ends with the suite whatever happens here.
	 */
	async restart() {
		const before = this.pid();
		process.kill(Number(readFileSync(join(e2eServer().dataDir, 'test-server.pid'), 'utf8')), 'SIGUSR2');
		const deadline = Date.now() + 30_000;
		while (this.pid() === before) {
			if (Date.now() > deadline) throw new Error('LiveKit did not come back within 30 s (see livekit.log)');
			await new Promise((r) => setTimeout(r, 100));
		}
	}
};

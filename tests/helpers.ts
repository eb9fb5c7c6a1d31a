/**
 * Shared pieces of the end-to-end specs: the demo logins (see src/lib/server/seed/demo.ts) and how
 * a person logs in through the real forms. Specs that write data build their own club with
 * tests/builders.ts; the seeded accounts below are only ever logged into, never changed or locked.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import axeCore, { type Result } from 'axe-core';
import { devices, expect, type APIRequestContext, type Page } from '@playwright/test';
import { e2eClockFile } from '../scripts/e2e-env.mjs';
import { e2eServer } from './e2e-server';

export const STAFF_PASSWORD = 'tablee-demo-2026';
export const DEMO_PIN = '1234';
export const STAFF = {
	admin: 'admin@demo.tablee.fr',
	director: 'direction@demo.tablee.fr',
	/** Facilitator of the running cohort (DEMO26). */
	claire: 'claire@demo.tablee.fr',
	/** Facilitator of last year's cohort (DEMO25). */
	julien: 'julien@demo.tablee.fr'
} as const;
export const DEMO_COHORTS = {
	now: { code: 'DEMO26', participant: 'Fatima' },
	lastYear: { code: 'DEMO25', participant: 'Yasmina' }
} as const;
export const DEMO_PROGRAMME = 'Club emploi — 4 semaines hybride';

/** A message with plural variants (inlang's message format): one selector `<input>Plural`, variants by its value. */
type Variants = [{ selectors: [string]; match: Record<string, string> }];
const fr: Record<string, string | Variants> = JSON.parse(
	readFileSync(join(process.cwd(), 'messages', 'fr.json'), 'utf8')
);
const frenchPlural = new Intl.PluralRules('fr');

/** A French message of the catalogue, as the app shows it (`value` fills its `{value}` placeholder). */
export function t(key: string, params: Record<string, string | number> = {}): string {
	let message = fr[key];
	if (Array.isArray(message)) {
		const [{ selectors, match }] = message;
		const selector = selectors[0];
		const category = frenchPlural.select(Number(params[selector.replace(/Plural$/, '')]));
		message = match[`${selector}=${category}`] ?? match[`${selector}=other`];
	}
	if (typeof message !== 'string') throw new Error(`no message ${key} in messages/fr.json`);
	return message.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Fills and sends the staff login form; does not check the outcome. */
export async function submitStaffLogin(page: Page, email: string, password: string) {
	await page.goto('/login');
	const form = page.locator('form[action="?/staff"]');
	await form.getByLabel(t('field_email'), { exact: true }).fill(email);
	await form.getByLabel(t('field_password'), { exact: true }).fill(password);
	await form.getByRole('button', { name: t('login_submit') }).click();
	await page.waitForLoadState();
}

/** Fills and sends the participant login form; does not check the outcome. */
export async function submitParticipantLogin(page: Page, firstName: string, cohortCode: string, pin: string) {
	await page.goto('/login');
	const form = page.locator('form[action="?/participant"]');
	await form.getByLabel(t('field_first_name'), { exact: true }).fill(firstName);
	await form.getByLabel(t('field_cohort_code'), { exact: true }).fill(cohortCode);
	await form.getByLabel(t('field_pin'), { exact: true }).fill(pin);
	await form.getByRole('button', { name: t('login_submit') }).click();
	await page.waitForLoadState();
}

/** Logs a staff member in and checks they left the login page. */
export async function loginStaff(page: Page, email: string, password: string = STAFF_PASSWORD) {
	await submitStaffLogin(page, email, password);
	await expect(page, `${email} is logged in`).not.toHaveURL(/\/login/);
}

/** Logs a participant in with first name + cohort code + PIN and checks they land on /me. */
export async function loginParticipant(page: Page, firstName: string, cohortCode: string, pin: string = DEMO_PIN) {
	await submitParticipantLogin(page, firstName, cohortCode, pin);
	await expect(page, `${firstName} (${cohortCode}) is logged in`).toHaveURL(/\/me(\?|$)/);
}

/**
 * Waits until the page is hydrated (the root layout marks <html data-hydrated> once its scripts run).
 * Needed before opening a <details> editor by hand: hydration sets each panel's `open` from the page
 * state, closing a panel opened before it. (Plain form submissions need no wait: they work without
 * JavaScript.) A condition, not a quiet network: no half-second of idleness to sit through.
 */
export async function hydrated(page: Page) {
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** Logs out through the menu's button (on a phone, the header's links open from "Menu" first). */
export async function logout(page: Page) {
	const button = page.getByRole('button', { name: t('logout') });
	if (!(await button.isVisible())) await page.locator('summary', { hasText: t('nav_menu') }).click();
	await button.click();
	await expect(page).toHaveURL(/\/login$/);
}

/**
 * axe's findings on the whole page, one readable line per rule and offending element: every rule of
 * axe-core on every element (`axe.run` on the document, as AxeBuilder's "legacy mode" ran it), with only
 * the violations sent back to the test (`resultTypes`), not each passing node.
 *
 * axe is put into the page once, and run by the same call. AxeBuilder (kept in `axe` above for the
 * cases that narrow the rules) evaluates its 550 KB source twice per analysis (once to look for
 * `runPartial`, once to inject), and asks the page four more times before it runs: with the page
 * parsing axe twice, that was half of each analysis (measured side by side on /login, /cohorts,
 * /programmes and /me on a loaded machine: 2.7–5.7 s with AxeBuilder, 1.2–2.8 s in one call). Its default
 * mode (`runPartial` per frame, then a blank page to merge them) cost 2–3 times more again: this app has
 * no iframes.
 */
export const axe = (page: Page) => new AxeBuilder({ page }).setLegacyMode(true);

const axeRun = `${axeCore.source}
;axe.configure({ allowedOrigins: ['<same_origin>'] });
axe.run(document, { resultTypes: ['violations'] }).then((results) => results.violations);`;

export async function axeFindings(page: Page): Promise<string[]> {
	const violations: Result[] = await page.evaluate(axeRun);
	return violations.flatMap((v) =>
		v.nodes.map(
			(node) =>
				`${v.id} [${v.impact}] ${v.help} — ${node.target.join(' ')}\n    ${node.failureSummary?.replace(/\n/g, '\n    ')}\n    ${node.html}`
		)
	);
}

/**
 * Tag of the cases that change the whole e2e server (they stop its LiveKit server, or move its clock):
 * playwright.config.ts runs them on a second e2e server of their own (project `alone`), one at a time, so
 * that no other case meets the change.
 */
export const ALONE = { tag: '@alone' };

/**
 * The phone of the phone specs' @alone cases (`test.use(ALONE_PHONE)`; the `alone` project is a desktop one):
 * the Pixel 7 but its browser type, which only a project may choose (Chromium for both).
 */
export const ALONE_PHONE = (() => {
	const { defaultBrowserType: _, ...pixel7 } = devices['Pixel 7'];
	return pixel7;
})();

/**
 * Moves the e2e server's clock `ms` ahead of the real time (0: back to it). The server reads the offset
 * again at most every 200 ms (src/lib/server/clock.ts), so this waits twice that before returning.
 * Only for cases tagged ALONE.
 */
export async function moveServerClock(ms: number) {
	writeFileSync(e2eClockFile(e2eServer().port), String(ms));
	await new Promise((resolve) => setTimeout(resolve, 400));
}

/**
 * A spec's world (ids and signed-in cookies of the club it built) made once per run and shared by the projects
 * that run the spec (desktop and phone): the first worker to ask builds it under a lock (a folder made
 * atomically in the e2e server's data folder, which each run starts empty), the others wait for its JSON.
 * A build that fails lets the next worker try. Only for worlds the cases read and do not use up.
 */
export async function sharedWorld<T>(name: string, build: () => Promise<T>, timeoutMs = 300_000): Promise<T> {
	const file = join(e2eServer().dataDir, `world-${name}.json`);
	const lock = `${file}.lock`;
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as T;
		let mine = false;
		try {
			mkdirSync(lock);
			mine = true;
		} catch {
			// another worker builds it
		}
		if (mine) {
			try {
				const world = await build();
				writeFileSync(`${file}.tmp`, JSON.stringify(world));
				renameSync(`${file}.tmp`, file);
				return world;
			} finally {
				rmSync(lock, { recursive: true, force: true });
			}
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`The shared world "${name}" was not built within ${timeoutMs / 1000} s`);
}

/**
 * Posts a form as a browser's page would (its origin, form-encoded), asking SvelteKit for the action's JSON
 * answer; never follows a redirect. `request`: a page's, a context's or a request context of its own.
 */
export async function postForm(request: APIRequestContext, url: string, form: Record<string, string>) {
	const res = await request.post(url, {
		headers: {
			origin: e2eServer().baseURL,
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'application/json'
		},
		data: new URLSearchParams(form).toString(),
		maxRedirects: 0
	});
	return { status: res.status(), text: await res.text() };
}

/**
 * A small club of Claire's for the everyday specs (issue 11): a cohort from the demo programme, one
 * activity of the kind asked for, and participants who joined with an invite (each logged in through
 * its own request context, disposed by `close`).
 */
import { expect, request, type APIRequestContext, type Page } from '@playwright/test';
import { e2eServer } from './e2e-server';
import { DEMO_PIN, DEMO_PROGRAMME, postForm } from './helpers';
import { parisDate, uniqueLetters } from './builders';
import { parisClock } from './live-helpers';

export interface SmallClub {
	cohortId: string;
	activityId: string;
	title: string;
	people: { name: string; ctx: APIRequestContext }[];
	close: () => Promise<void>;
}

/** `page` is Claire's, logged in. The activity starts `startsIn` ms from now (Paris wall clock, to the minute). */
export async function buildSmallClub(
	page: Page,
	options: {
		kind: 'live' | 'in_person' | 'async';
		count: number;
		startsIn?: number;
		durationMinutes?: number;
		title?: string;
		place?: string;
		fallback?: string;
	}
): Promise<SmallClub> {
	await page.goto('/cohorts');
	const programmeId = await page
		.locator('select[name=programmeId] option', { hasText: DEMO_PROGRAMME })
		.first()
		.getAttribute('value');
	const created = await postForm(page.request, '/cohorts?/create', {
		programmeId: programmeId ?? '',
		name: `Club ${uniqueLetters()}`,
		startDate: parisDate(30),
		modality: 'hybrid'
	});
	const cohortId = /\/cohorts\/([a-z2-7]{16})/.exec(created.text)?.[1] ?? '';
	expect(cohortId, `a cohort was created: ${created.text}`).toMatch(/^[a-z2-7]{16}$/);
	const title = options.title ?? `Activité ${uniqueLetters()}`;
	const added = await postForm(page.request, `/cohorts/${cohortId}?/addActivity`, {
		kind: options.kind,
		title,
		...parisClock(Date.now() + (options.startsIn ?? -60_000)),
		durationMinutes: String(options.durationMinutes ?? 180),
		objectives: '',
		optional: '',
		place: options.place ?? '',
		fallback: options.fallback ?? ''
	});
	expect(added.status, `activity added: ${added.text}`).toBe(200);
	await page.goto(`/cohorts/${cohortId}`);
	const item = page.locator('li.activity', { hasText: title });
	const activityId = (await item.locator('input[name=activityId]').first().getAttribute('value')) ?? '';
	expect(activityId).toMatch(/^[a-z2-7]{16}$/);
	const people: SmallClub['people'] = [];
	for (let i = 0; i < options.count; i++) {
		const invite = await postForm(page.request, `/cohorts/${cohortId}/invites?/create`, {
			maxUses: '1',
			validDays: '1'
		});
		const token = /\/invite\/([a-z2-7]{16})/.exec(invite.text)?.[1];
		expect(token, 'an invite link').toBeTruthy();
		const ctx = await request.newContext({ baseURL: e2eServer().baseURL });
		// Alphabetical order on the sheet follows the index: Aa…, Ba…, Ca…
		const name = `${'ABCDEFGH'[i]}a${uniqueLetters()}`.slice(0, 20);
		const joined = await postForm(ctx, `/invite/${token}`, { firstName: name, pin: DEMO_PIN, pinConfirm: DEMO_PIN });
		expect(joined.text, `${name} joins with the invite`).toContain('/me?welcome=1');
		people.push({ name, ctx });
	}
	return {
		cohortId,
		activityId,
		title,
		people,
		close: async () => {
			await Promise.all(people.map((p) => p.ctx.dispose()));
		}
	};
}

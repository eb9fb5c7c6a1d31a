// The intake profile on both engines: its form schema, saves over someone else's change, consent in the app.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Db } from '#lib/server/db/index.ts';
import { useSeededTestDb } from '#lib/server/db/test-fixtures.ts';
import { refusalWithKey } from '#lib/server/db/test-db.ts';
import type { DemoActors } from '#lib/server/seed/demo-actors.ts';
import { parseForm } from '#lib/server/http/validation.ts';
import { getMyProfile, getProfile, saveProfile, setMyConsent } from './profiles.ts';
import { PROFILE_ARRAYS, profileSchema } from './schemas.ts';

let db: Db;
let actors: DemoActors;
const NOW = Date.parse('2026-11-22T10:00:00Z');

useSeededTestDb(NOW, (seeded) => ({ db, actors } = seeded));

const form = (entries: [string, string][]) => {
	const data = new FormData();
	for (const [k, val] of entries) data.append(k, val);
	return parseForm(profileSchema, data, PROFILE_ARRAYS);
};

describe(`the intake profile on ${process.env.TEST_DB}`, () => {
	it('reads a form: closed lists, several obstacles, "not known" as null, translated errors that keep what was typed', () => {
		const ok = form([
			['ageBand', '26_34'],
			['obstacles', 'debt'],
			['obstacles', 'mobility'],
			['mobilityKm', '20'],
			['consent', 'on'],
			['consentHow', 'oral'],
			['seenUpdatedAt', '']
		]);
		expect(ok.ok && ok.data).toMatchObject({
			ageBand: '26_34',
			educationLevel: null,
			obstacles: ['debt', 'mobility'],
			benefits: [],
			mobilityKm: 20,
			consent: true,
			consentHow: 'oral',
			seenUpdatedAt: null
		});
		const bad = form([
			['ageBand', '99'],
			['obstacles', 'aliens'],
			['mobilityKm', 'loin'],
			['consent', 'on'],
			['preferences', '<b>x</b>']
		]);
		expect(bad.ok).toBe(false);
		if (!bad.ok) {
			expect(bad.errors).toMatchObject({
				ageBand: 'form_invalid_choice',
				obstacles: 'form_invalid_choice',
				mobilityKm: 'form_invalid_number',
				preferences: 'form_no_markup'
			});
			expect(bad.values.preferences).toBe('<b>x</b>');
		}
		const noHow = form([['consent', 'on']]);
		expect(!noHow.ok && noHow.errors.consentHow).toBe('profile_consent_how_required');
		expect(
			v.safeParse(profileSchema, {
				...Object.fromEntries(Object.keys(profileSchema.entries).map((k) => [k, ''])),
				benefits: [],
				obstacles: [],
				mobilityKm: '501'
			}).success
		).toBe(false);
	});

	it('refuses a save made over someone else’s change, and keeps the first one', async () => {
		const { cohortA, facilitatorA, participantA } = actors;
		const parsed = form([
			['target', 'training'],
			['targetNote', 'Formation cariste'],
			['seenUpdatedAt', '']
		]);
		if (!parsed.ok) throw new Error('bad form');
		const { data } = parsed;
		const save = (profile: typeof data, at: number) =>
			saveProfile(db, facilitatorA, cohortA.id, participantA.id, profile, at);
		await save(data, NOW);
		// A second tab, loaded before that save, still says "new profile".
		expect(await refusalWithKey(save({ ...data, targetNote: 'Autre chose' }, NOW + 1))).toBe(
			'409 profile_changed_meanwhile'
		);
		expect(await refusalWithKey(save({ ...data, targetNote: 'Cariste', seenUpdatedAt: NOW }, NOW + 2))).toBe('allowed');
		expect((await getProfile(db, facilitatorA, cohortA.id, participantA.id)).profile).toMatchObject({
			target: 'training',
			targetNote: 'Cariste',
			updatedAt: NOW + 2,
			consent: false
		});
	});

	it('lets the person give and withdraw consent in the app, not twice the same', async () => {
		const { participantA } = actors;
		expect(await refusalWithKey(setMyConsent(db, participantA, false, NOW))).toBe('409 privacy_consent_unchanged');
		await setMyConsent(db, participantA, true, NOW + 10);
		expect((await getMyProfile(db, participantA)).profile).toMatchObject({
			consent: true,
			consentHow: 'app',
			consentAt: NOW + 10,
			targetNote: 'Cariste'
		});
		expect(await refusalWithKey(setMyConsent(db, participantA, true, NOW + 11))).toBe('409 privacy_consent_unchanged');
		await setMyConsent(db, participantA, false, NOW + 12);
		expect((await getMyProfile(db, participantA)).profile).toMatchObject({ consent: false, consentHow: null });
	});
});

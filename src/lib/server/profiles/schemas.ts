import * as v from 'valibot';
import { checkbox, optionalChoice, requiredText, text } from '#lib/server/http/validation.ts';

export const AGE_BANDS = ['under_26', '26_34', '35_44', '45_54', '55_plus'] as const;
export const EDUCATION_LEVELS = ['none', 'cap_bep', 'bac', 'bac_2', 'bac_3_plus'] as const;
export const OUT_OF_WORK = ['under_6m', '6_12m', '12_24m', 'over_24m', 'never_worked'] as const;
export const BENEFITS = ['rsa', 'are', 'ass', 'aah', 'none'] as const;
export const REFERRERS = [
	'france_travail',
	'mission_locale',
	'cap_emploi',
	'social_worker',
	'word_of_mouth',
	'self',
	'other'
] as const;
export const OBSTACLES = ['housing', 'debt', 'childcare', 'health', 'mobility', 'language', 'justice'] as const;
export const TARGETS = ['job', 'training', 'vae', 'business', 'other'] as const;
export const CONSENT_HOWS = ['paper', 'oral', 'app'] as const;

/** Checkboxes of a closed list (parseForm keeps every value of the fields named in `PROFILE_ARRAYS`). */
const multiChoice = <const T extends readonly [string, ...string[]]>(options: T) =>
	v.pipe(
		v.optional(v.array(v.string('form_invalid_type')), []),
		v.check((list) => list.every((x) => (options as readonly string[]).includes(x)), 'form_invalid_choice'),
		v.transform((list) => [...new Set(list)] as T[number][])
	);

const optionalKm = v.pipe(
	v.optional(v.string('form_invalid_type'), ''),
	v.trim(),
	v.check((s) => s === '' || /^\d{1,4}$/.test(s), 'form_invalid_number'),
	v.transform((s) => (s === '' ? null : Number(s))),
	v.check((n) => n === null || n <= 500, 'form_number_range|0–500')
);

export const profileSchema = v.pipe(
	v.object({
		ageBand: optionalChoice(AGE_BANDS),
		educationLevel: optionalChoice(EDUCATION_LEVELS),
		outOfWork: optionalChoice(OUT_OF_WORK),
		benefits: multiChoice(BENEFITS),
		referredBy: optionalChoice(REFERRERS),
		referredNote: text(200),
		obstacles: multiChoice(OBSTACLES),
		obstaclesNote: text(1000),
		mobilityKm: optionalKm,
		preferences: text(1000),
		target: optionalChoice(TARGETS),
		targetNote: text(500),
		consent: checkbox,
		consentHow: optionalChoice(CONSENT_HOWS),
		// The profile's updated_at when the form was loaded ('' for a new profile): a save over someone else's change is refused.
		seenUpdatedAt: v.pipe(
			v.optional(v.string('form_invalid_type'), ''),
			v.trim(),
			v.regex(/^\d{0,15}$/, 'form_invalid_number'),
			v.transform((s) => (s === '' ? null : Number(s)))
		)
	}),
	v.forward(
		v.check((p) => !p.consent || p.consentHow !== null, 'profile_consent_how_required'),
		['consentHow']
	)
);

export const PROFILE_ARRAYS = ['benefits', 'obstacles'];

/** What a save carries; without `seenUpdatedAt` (domain callers), no check of concurrent changes. */
export type ProfileInput = Omit<v.InferOutput<typeof profileSchema>, 'seenUpdatedAt'> & {
	seenUpdatedAt?: number | null;
};

export const consentSchema = v.object({ consent: checkbox });

export const eraseSchema = v.object({ confirmName: requiredText(80) });

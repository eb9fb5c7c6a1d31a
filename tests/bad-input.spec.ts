/**
 * Issue 2, acceptance 4: every form refuses empty, over-long, wrong-type and malicious (HTML/script)
 * values with a French message next to the field, keeps what was typed (never a secret), and writes
 * nothing; an invite that was used, revoked or never existed says so in plain words.
 *
 * Data-driven: FORMS lists each form with a valid value per field; casesFor() derives the bad values
 * (and the message each must get) from the field's kind. Each case makes exactly ONE field bad, so
 * the page must show exactly one error, on that field. Values a browser would never send (letters in
 * a number field, 2026-02-30 in a date field, an option the select does not offer, 5000 characters
 * past a maxlength) are put into the form through the DOM, as a script or a tampered page would.
 *
 * Messages people write to each other (feed posts and comments) are the exception to "no markup":
 * '<' and '>' are kept as typed ("<3", "> 25 ans") and always shown as text; a test below proves a
 * post and a comment full of HTML and script come back as text, live and on a fresh page.
 *
 * An EXPIRED invite cannot be produced from here (the server's clock and database are out of reach):
 * that case is covered by the domain tests of src/lib/server/auth.
 *
 * The spec builds its own club in beforeAll (a facilitator and a director created by the admin, a
 * programme, a cohort, invites, a participant); the seeded accounts are only used to log the admin in.
 */
import { expect, request, test, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import {
	addBlock,
	createCohort,
	createInvite,
	createProgramme,
	joinWithInvite,
	parisDate,
	unique,
	uniqueLetters
} from './builders';
import { hydrated, loginStaff, STAFF, t } from './helpers';

// ---------------------------------------------------------------------------------------------
// Field kinds and the bad values each must refuse
// ---------------------------------------------------------------------------------------------
type Kind =
	| { t: 'text'; max: number; required: boolean; emptyMessage?: string }
	| { t: 'url'; max: number }
	| { t: 'name'; max: number }
	/** A whole number; `blankIsZero`: left empty, it reads as 0 (not a missing value). */
	| { t: 'int'; min: number; max: number; blankIsZero?: boolean }
	| { t: 'date' }
	| { t: 'time' }
	| { t: 'choice'; emptyMessage?: string }
	| { t: 'email' }
	| { t: 'pin' }
	| { t: 'pinConfirm' }
	| { t: 'secret'; max: number }
	| { t: 'newPassword' }
	| { t: 'code' }
	| { t: 'checkbox' }
	| { t: 'skills' }
	/** A cohort's facilitators: boxes of the organisation's facilitator accounts (issue 11). */
	| { t: 'facilitators' }
	/** An IANA time zone (the organisation's settings). */
	| { t: 'timeZone' }
	/** A message (post, comment): any character but control ones, markup kept as text. */
	| { t: 'message'; max: number; required: boolean }
	/** An optional web address: http(s) only. */
	| { t: 'link'; max: number };

interface Case {
	label: string;
	value: string;
	message: string;
	/** The message is about the whole form (a value only the server can judge), not one field. */
	formLevel?: boolean;
}

const MARKUP = '<script>alert(1)</script>';
const LONG = 5000;
const long = (unit: string) => unit.repeat(Math.ceil(LONG / unit.length)).slice(0, LONG);

function casesFor(kind: Kind): Case[] {
	const markup = (message: string): Case => ({ label: 'HTML/script', value: MARKUP, message });
	const empty = (message = t('form_required')): Case => ({ label: 'empty', value: '', message });
	switch (kind.t) {
		case 'text':
			return [
				...(kind.required
					? [
							empty(kind.emptyMessage),
							{ label: 'only spaces', value: '    ', message: kind.emptyMessage ?? t('form_required') }
						]
					: []),
				{ label: 'over-long', value: long('x'), message: t('form_too_long', { value: kind.max }) },
				markup(t('form_no_markup'))
			];
		case 'url':
			return [
				{ label: 'over-long', value: long('https://exemple.fr/'), message: t('form_too_long', { value: kind.max }) },
				{ label: 'not a link', value: 'pas un lien', message: t('assignment_link_invalid') },
				{ label: 'a script link', value: 'javascript:alert(1)', message: t('assignment_link_invalid') },
				{ label: 'another scheme', value: 'file:///etc/passwd', message: t('assignment_link_invalid') },
				markup(t('form_no_markup'))
			];
		case 'name':
			return [
				empty(),
				{ label: 'over-long', value: long('a'), message: t('form_too_long', { value: kind.max }) },
				{ label: 'digits', value: 'R2D2', message: t('form_name_chars') },
				markup(t('form_no_markup'))
			];
		case 'int': {
			const range = t('form_number_range', { value: `${kind.min}–${kind.max}` });
			return [
				...(kind.blankIsZero ? [] : [empty()]),
				{ label: 'over-long', value: long('9'), message: t('form_invalid_number') },
				{ label: 'letters', value: 'douze', message: t('form_invalid_number') },
				{ label: 'decimal', value: '1.5', message: t('form_invalid_number') },
				{ label: 'below the range', value: String(kind.min - 1), message: range },
				{ label: 'above the range', value: String(kind.max + 1), message: range },
				markup(t('form_invalid_number'))
			];
		}
		case 'date':
			return [
				empty(),
				{ label: 'over-long', value: long('2026-01-01'), message: t('form_invalid_date') },
				{ label: 'impossible date', value: '2026-02-30', message: t('form_invalid_date') },
				{ label: 'French notation', value: '30/01/2026', message: t('form_invalid_date') },
				markup(t('form_invalid_date'))
			];
		case 'time':
			return [
				empty(),
				{ label: 'over-long', value: long('09:30'), message: t('form_invalid_time') },
				{ label: 'impossible time', value: '25:61', message: t('form_invalid_time') },
				{ label: 'words', value: 'midi', message: t('form_invalid_time') },
				markup(t('form_invalid_time'))
			];
		case 'choice':
			return [
				empty(kind.emptyMessage),
				{ label: 'unknown option', value: 'teleportation', message: t('form_invalid_choice') },
				{ label: 'over-long', value: long('x'), message: t('form_invalid_choice') },
				markup(t('form_invalid_choice'))
			];
		case 'email':
			return [
				empty(),
				{
					label: 'over-long',
					value: `${long('a').slice(0, LONG - 12)}@exemple.fr`,
					message: t('form_too_long', { value: 254 })
				},
				{ label: 'not an address', value: 'pas-une-adresse', message: t('form_email') },
				markup(t('form_no_markup'))
			];
		case 'pin':
			return [
				empty(),
				{ label: 'letters', value: 'abcd', message: t('form_pin_format') },
				{ label: 'too short', value: '12', message: t('form_pin_format') },
				{ label: 'over-long', value: long('1'), message: t('form_pin_format') },
				markup(t('form_pin_format'))
			];
		case 'pinConfirm':
			return [
				{ label: 'empty', value: '', message: t('form_pin_mismatch') },
				{ label: 'different', value: '9999', message: t('form_pin_mismatch') },
				{ label: 'over-long', value: long('1'), message: t('form_pin_mismatch') },
				markup(t('form_pin_mismatch'))
			];
		case 'secret':
			return [
				empty(),
				{ label: 'over-long', value: long('x'), message: t('form_too_long', { value: kind.max }) },
				markup(t('form_no_markup'))
			];
		case 'newPassword':
			return [
				empty(),
				{ label: 'too short', value: 'court', message: t('form_password_short') },
				{ label: 'over-long', value: long('x'), message: t('form_too_long', { value: 200 }) },
				markup(t('form_no_markup'))
			];
		case 'code':
			return [
				empty(),
				{ label: 'too short', value: 'AB12', message: t('form_code_format') },
				{ label: 'over-long', value: long('A'), message: t('form_code_format') },
				markup(t('form_code_format'))
			];
		case 'checkbox':
			return [
				{ label: 'neither on nor off', value: 'peut-être', message: t('form_invalid_choice') },
				markup(t('form_invalid_choice'))
			];
		case 'message':
			return [
				...(kind.required ? [empty(), { label: 'only spaces', value: '  \n  ', message: t('form_required') }] : []),
				{ label: 'over-long', value: long('x'), message: t('form_too_long', { value: kind.max }) },
				{ label: 'control character', value: 'Bonjour\u0007', message: t('harden_form_control_chars') }
			];
		case 'link':
			return [
				{ label: 'not an address', value: 'pas une adresse', message: t('feed_link_format') },
				{ label: 'no scheme', value: 'exemple.fr/offre', message: t('feed_link_format') },
				{ label: 'script address', value: 'javascript:alert(1)', message: t('feed_link_format') },
				{
					label: 'over-long',
					value: `https://exemple.fr/${long('a')}`,
					message: t('form_too_long', { value: kind.max })
				},
				markup(t('form_no_markup'))
			];
		case 'facilitators':
			return [
				{ label: 'over-long', value: long('a'), message: t('form_invalid_choice') },
				markup(t('form_invalid_choice')),
				// Well-formed but no one's account (or not a facilitator's): only the server knows.
				{
					label: 'unknown facilitator',
					value: 'zzzzzzzzzzzzzzzz',
					message: t('orgadmin_facilitator_unknown'),
					formLevel: true
				}
			];
		case 'timeZone':
			return [
				empty(),
				{ label: 'only spaces', value: '    ', message: t('form_required') },
				{ label: 'over-long', value: long('Europe/'), message: t('form_too_long', { value: 64 }) },
				{ label: 'unknown zone', value: 'Mars/Olympus', message: t('orgadmin_time_zone_unknown') },
				{ label: 'an offset', value: '+01:00', message: t('orgadmin_time_zone_unknown') },
				markup(t('form_no_markup'))
			];
		case 'skills':
			return [
				{ label: 'over-long', value: long('a'), message: t('form_invalid_choice') },
				markup(t('form_invalid_choice')),
				// Well-formed but not in the catalogue: only the server knows, so the form as a whole says so.
				{ label: 'unknown skill', value: 'voler_dans_les_airs', message: t('form_invalid_choice'), formLevel: true }
			];
	}
}

/** Kinds that are a group of checkboxes sharing one name (several values). */
const isGroup = (kind: Kind) => kind.t === 'skills' || kind.t === 'facilitators';

// ---------------------------------------------------------------------------------------------
// The forms
// ---------------------------------------------------------------------------------------------
// 'member': a second participant of the cohort (the PIN test ends the first one's other sessions);
// 'writer': a participant who hands in through the assignment form under test.
// 'finisher': a participant of a one-day club that ends today, so its end-of-club questionnaire is open.
type Who = 'anonymous' | 'facilitator' | 'director' | 'participant' | 'member' | 'admin' | 'writer' | 'finisher';
type Value = string | boolean | string[];
interface Field {
	name: string;
	kind: Kind;
	valid: Value;
	/** A secret is never sent back to the page. */
	secret?: boolean;
}
interface FormSpec {
	name: string;
	who: Who;
	path: () => string;
	/** The form on the page. */
	form: () => string;
	/** Field id prefix (Field's `form` prop). */
	prefix?: () => string;
	fields: () => Field[];
	/** What the form would write, read back independently of the form's page. */
	written: (probe: Probe) => Promise<unknown>;
	/** After the valid values are sent: what the page shows when the form went through. */
	accepted: (page: Page) => Promise<void>;
}

interface World {
	baseURL: string;
	cookies: Record<Exclude<Who, 'anonymous'>, Awaited<ReturnType<import('@playwright/test').BrowserContext['cookies']>>>;
	facilitator: { email: string; password: string };
	director: { email: string; password: string };
	/** The spec's facilitator's user id (the one who runs its cohort), and a second facilitator's. */
	facilitatorId: string;
	coFacilitatorId: string;
	participant: { firstName: string; pin: string; code: string };
	programmeId: string;
	blockId: string;
	cohortId: string;
	activityId: string;
	/** The cohort's async activity (an assignment), a participant who handed in there, and their id. */
	assignmentId: string;
	reviewedId: string;
	joinLink: string;
	usedLink: string;
	revokedLink: string;
	/** A post of the cohort's feed (for the comment form) and the participant's user id (their file). */
	postId: string;
	participantId: string;
	/** Malik, the 'member': his intake profile is the one under test (he keeps his session all along). */
	memberId: string;
}
let world: World;
const feedPath = () => `/cohorts/${world.cohortId}/feed`;
const published = async (page: Page) => await expect(page.getByRole('status')).toHaveText(t('feed_published'));

const savedStatus = async (page: Page) => await expect(page.getByRole('status')).toHaveText(t('saved'));
const skillIds = ['join_video_call', 'use_chat'];

const activityFields = (): Field[] => [
	{ name: 'kind', kind: { t: 'choice' }, valid: 'in_person' },
	{ name: 'title', kind: { t: 'text', max: 120, required: true }, valid: 'Visite du salon de l’emploi' },
	{ name: 'date', kind: { t: 'date' }, valid: parisDate(3) },
	{ name: 'time', kind: { t: 'time' }, valid: '14:00' },
	{ name: 'durationMinutes', kind: { t: 'int', min: 5, max: 600 }, valid: '90' },
	{ name: 'objectives', kind: { t: 'text', max: 1000, required: false }, valid: 'Rencontrer trois employeurs.' },
	{ name: 'optional', kind: { t: 'checkbox' }, valid: true }
];
const blockFields = (): Field[] => [
	{ name: 'kind', kind: { t: 'choice' }, valid: 'async' },
	{ name: 'title', kind: { t: 'text', max: 120, required: true }, valid: 'Ma lettre de motivation' },
	// A day number as shown: 1 is the first day (issue 11).
	{ name: 'day', kind: { t: 'int', min: 1, max: 366 }, valid: '4' },
	{ name: 'startTime', kind: { t: 'time' }, valid: '09:00' },
	{ name: 'durationMinutes', kind: { t: 'int', min: 5, max: 600 }, valid: '60' },
	{ name: 'objectives', kind: { t: 'text', max: 1000, required: false }, valid: 'Écrire une lettre courte.' },
	{ name: 'optional', kind: { t: 'checkbox' }, valid: false },
	// The async work each new cohort gets (issue 11, item 7).
	{
		name: 'instructions',
		kind: { t: 'text', max: 4000, required: false },
		valid: 'Écrivez une lettre de dix lignes, puis envoyez-en une photo.'
	},
	{ name: 'link', kind: { t: 'url', max: 500 }, valid: 'https://www.francetravail.fr/' },
	{ name: 'dueOffsetDays', kind: { t: 'int', min: 0, max: 60, blankIsZero: true }, valid: '3' },
	{ name: 'skills', kind: { t: 'skills' }, valid: skillIds }
];
const programmeFields = (title: string): Field[] => [
	{ name: 'title', kind: { t: 'text', max: 120, required: true }, valid: title },
	{ name: 'description', kind: { t: 'text', max: 2000, required: false }, valid: 'Un programme court, pour essayer.' }
];

const assignmentFields = (): Field[] => [
	{
		name: 'instructions',
		kind: { t: 'text', max: 4000, required: true },
		valid: 'Écrivez trois lignes sur le métier que vous cherchez.'
	},
	{ name: 'link', kind: { t: 'url', max: 500 }, valid: 'https://www.francetravail.fr/' },
	{ name: 'dueDate', kind: { t: 'date' }, valid: parisDate(6) },
	{ name: 'dueTime', kind: { t: 'time' }, valid: '17:30' },
	{ name: 'mode', kind: { t: 'choice' }, valid: 'peers' },
	{ name: 'groupSize', kind: { t: 'int', min: 2, max: 6 }, valid: '3' }
];

const FORMS: FormSpec[] = [
	{
		name: 'login, participant',
		who: 'anonymous',
		path: () => '/login',
		form: () => 'form[action="?/participant"]',
		prefix: () => 'participant',
		fields: () => [
			{ name: 'firstName', kind: { t: 'name', max: 40 }, valid: world.participant.firstName },
			{ name: 'cohortCode', kind: { t: 'code' }, valid: world.participant.code },
			{ name: 'pin', kind: { t: 'pin' }, valid: world.participant.pin, secret: true }
		],
		written: (probe) => probe.hasSession(),
		accepted: async (page) => await expect(page).toHaveURL(/\/me$/)
	},
	{
		name: 'login, staff',
		who: 'anonymous',
		path: () => '/login',
		form: () => 'form[action="?/staff"]',
		prefix: () => 'staff',
		fields: () => [
			{ name: 'email', kind: { t: 'email' }, valid: world.facilitator.email },
			{ name: 'password', kind: { t: 'secret', max: 200 }, valid: world.facilitator.password, secret: true }
		],
		written: (probe) => probe.hasSession(),
		accepted: async (page) => await expect(page).toHaveURL(/\/cohorts$/)
	},
	{
		name: 'invite, joining',
		who: 'anonymous',
		path: () => world.joinLink,
		form: () => 'main form',
		fields: () => [
			{ name: 'firstName', kind: { t: 'name', max: 40 }, valid: 'Lucas' },
			{ name: 'pin', kind: { t: 'pin' }, valid: '2468', secret: true },
			{ name: 'pinConfirm', kind: { t: 'pinConfirm' }, valid: '2468', secret: true }
		],
		written: async (probe) => [
			await probe.hasSession(),
			await probe.main('facilitator', `/cohorts/${world.cohortId}?section=people`),
			await probe.main('facilitator', `/cohorts/${world.cohortId}/invites`)
		],
		accepted: async (page) => await expect(page).toHaveURL(/\/me\?welcome=1$/)
	},
	{
		name: 'account, PIN',
		who: 'participant',
		path: () => '/account',
		form: () => 'form[action="?/pin"]',
		fields: () => [
			{ name: 'currentPin', kind: { t: 'secret', max: 200 }, valid: world.participant.pin, secret: true },
			{ name: 'pin', kind: { t: 'pin' }, valid: '97531', secret: true },
			{ name: 'pinConfirm', kind: { t: 'pinConfirm' }, valid: '97531', secret: true }
		],
		written: (probe) =>
			probe.canLogIn('participant', {
				firstName: world.participant.firstName,
				cohortCode: world.participant.code,
				pin: world.participant.pin
			}),
		accepted: async (page) => await expect(page.getByRole('status')).toHaveText(t('account_saved'))
	},
	// Before the director changes their password below (which ends their sessions, the one these rows use).
	{
		name: 'new cohort, by a director naming its facilitator',
		who: 'director',
		path: () => '/cohorts',
		form: () => 'form[action="?/create"]',
		fields: () => [
			{ name: 'programmeId', kind: { t: 'choice' }, valid: world.programmeId },
			{ name: 'name', kind: { t: 'text', max: 80, required: true }, valid: `Groupe de la direction ${unique()}` },
			{ name: 'startDate', kind: { t: 'date' }, valid: parisDate(30) },
			{ name: 'modality', kind: { t: 'choice' }, valid: 'remote' },
			{ name: 'facilitatorIds', kind: { t: 'facilitators' }, valid: [world.facilitatorId] }
		],
		// The director sees every cohort of the organisation, which the other worker's specs change meanwhile (a
		// participant joins, a cohort is made): only the names this row could have written are compared — its
		// valid name, or a bad one (empty, markup, too long).
		written: async (probe) =>
			(await probe.texts('director', '/cohorts', 'main a.name')).filter(
				(name) =>
					name.startsWith('Groupe de la direction') || name.trim() === '' || name.includes('<') || name.length > 80
			),
		accepted: async (page) => await expect(page).toHaveURL(/\/cohorts\/[a-z2-7]{16}$/)
	},
	{
		name: 'who runs a cohort',
		who: 'director',
		path: () => `/cohorts/${world.cohortId}/facilitators`,
		form: () => 'form[action="?/save"]',
		// Going through, the director adds a co-facilitator (the cohort's facilitator stays).
		fields: () => [
			{ name: 'facilitatorIds', kind: { t: 'facilitators' }, valid: [world.facilitatorId, world.coFacilitatorId] }
		],
		written: (probe) => probe.main('director', `/cohorts/${world.cohortId}`),
		accepted: savedStatus
	},
	{
		name: 'account, password',
		who: 'director',
		path: () => '/account',
		form: () => 'form[action="?/password"]',
		fields: () => [
			{ name: 'currentPassword', kind: { t: 'secret', max: 200 }, valid: world.director.password, secret: true },
			{ name: 'password', kind: { t: 'newPassword' }, valid: 'un tout nouveau mot de passe', secret: true }
		],
		written: (probe) => probe.canLogIn('staff', world.director),
		accepted: async (page) => await expect(page.getByRole('status')).toHaveText(t('account_saved'))
	},
	{
		name: 'new cohort',
		who: 'facilitator',
		path: () => '/cohorts',
		form: () => 'form[action="?/create"]',
		fields: () => [
			{ name: 'programmeId', kind: { t: 'choice' }, valid: world.programmeId },
			{ name: 'name', kind: { t: 'text', max: 80, required: true }, valid: `Groupe du printemps ${unique()}` },
			{ name: 'startDate', kind: { t: 'date' }, valid: parisDate(30) },
			{ name: 'modality', kind: { t: 'choice' }, valid: 'remote' }
		],
		// The names of this facilitator's cohorts (this spec's only), not the whole page: its form offers every
		// programme of the organisation, which the other worker's specs add to meanwhile.
		written: (probe) => probe.texts('facilitator', '/cohorts', 'main a.name'),
		accepted: async (page) => await expect(page).toHaveURL(/\/cohorts\/[a-z2-7]{16}$/)
	},
	{
		name: 'cohort activity, adding',
		who: 'facilitator',
		path: () => `/cohorts/${world.cohortId}?section=add`,
		form: () => 'form[action="?/addActivity"]',
		prefix: () => 'add',
		fields: activityFields,
		written: (probe) => probe.main('facilitator', `/cohorts/${world.cohortId}`),
		accepted: savedStatus
	},
	{
		name: 'cohort activity, editing',
		who: 'facilitator',
		path: () => `/cohorts/${world.cohortId}`,
		form: () => `form[action="?/updateActivity"]:has(input[name=activityId][value="${world.activityId}"])`,
		prefix: () => `a-${world.activityId}`,
		fields: activityFields,
		written: (probe) => probe.main('facilitator', `/cohorts/${world.cohortId}`),
		accepted: savedStatus
	},
	{
		// Someone with no phone or e-mail, enrolled by the facilitator (no PIN until one is given on the PIN page).
		name: 'enrolment without an invite',
		who: 'facilitator',
		path: () => `/cohorts/${world.cohortId}?section=enrol`,
		form: () => 'form[action="?/enrol"]',
		prefix: () => 'enrol',
		fields: () => [
			// Letters only, and new on every run: a first name is unique in its cohort.
			{ name: 'firstName', kind: { t: 'name', max: 40 }, valid: `Odile ${uniqueLetters()}` },
			{ name: 'lastName', kind: { t: 'text', max: 60, required: false }, valid: 'Perrin' }
		],
		written: (probe) => probe.main('facilitator', `/cohorts/${world.cohortId}?section=people`),
		accepted: async (page) => await expect(page.getByTestId('enrol').getByRole('status')).toBeVisible()
	},
	{
		name: 'assignment instructions (cohort page)',
		who: 'facilitator',
		path: () => `/cohorts/${world.cohortId}`,
		form: () => `form[action="?/saveAssignment"]:has(input[name=activityId][value="${world.assignmentId}"])`,
		prefix: () => `as-${world.assignmentId}`,
		fields: assignmentFields,
		written: (probe) => probe.main('facilitator', `/assignments/${world.assignmentId}`),
		accepted: savedStatus
	},
	{
		name: 'assignment, handing in (participant)',
		who: 'writer',
		path: () => `/me/assignments/${world.assignmentId}`,
		form: () => 'form[action="?/submit"]',
		// Empty is fine when a file goes with it: without one, the text is what is missing.
		fields: () => [
			{
				name: 'text',
				kind: { t: 'text', max: 4000, required: true, emptyMessage: t('assignment_empty') },
				valid: 'Je cherche un emploi de vendeuse, à temps partiel.'
			}
		],
		written: (probe) => probe.main('facilitator', `/assignments/${world.assignmentId}`),
		accepted: async (page) => await expect(page.getByText(t('assignment_sent'))).toBeVisible()
	},
	{
		name: 'assignment, feedback (facilitator)',
		who: 'facilitator',
		path: () => `/assignments/${world.assignmentId}/people/${world.reviewedId}`,
		form: () => 'form[action="?/feedback"]',
		prefix: () => 'fb',
		fields: () => [
			{
				name: 'feedback',
				kind: { t: 'text', max: 2000, required: true },
				valid: 'Très clair. Ajoutez votre numéro de téléphone.'
			},
			{ name: 'newVersion', kind: { t: 'checkbox' }, valid: true }
		],
		written: (probe) => probe.main('facilitator', `/assignments/${world.assignmentId}/people/${world.reviewedId}`),
		accepted: async (page) => await expect(page.getByRole('status')).toHaveText(t('assignment_feedback_saved'))
	},
	{
		name: 'letting a person off late work (facilitator)',
		who: 'facilitator',
		path: () => `/assignments/${world.assignmentId}/people/${world.memberId}`,
		form: () => 'form[action="?/waive"]',
		prefix: () => 'waiver',
		fields: () => [
			{ name: 'reason', kind: { t: 'text', max: 500, required: false }, valid: 'Malade, certificat apporté.' }
		],
		written: (probe) => probe.main('facilitator', `/assignments/${world.assignmentId}/people/${world.memberId}`),
		accepted: async (page) => await expect(page.getByRole('button', { name: t('assignment_unwaive') })).toBeVisible()
	},
	{
		name: 'new invite',
		who: 'facilitator',
		path: () => `/cohorts/${world.cohortId}/invites`,
		form: () => 'form[action="?/create"]',
		fields: () => [
			{ name: 'maxUses', kind: { t: 'int', min: 1, max: 50 }, valid: '3' },
			{ name: 'validDays', kind: { t: 'int', min: 1, max: 30 }, valid: '2' }
		],
		written: (probe) => probe.main('facilitator', `/cohorts/${world.cohortId}/invites`),
		accepted: async (page) => await expect(page.locator('a[data-testid=invite-link]')).toBeVisible()
	},
	{
		name: 'new programme',
		who: 'facilitator',
		path: () => '/programmes',
		form: () => 'form[action="?/create"]',
		fields: () => programmeFields(`Programme de printemps ${unique()}`),
		// Other specs create programmes and blocks meanwhile: what this form can write is a programme of
		// this spec's ("Programme de printemps …") or one titled with a bad value (empty, blank, over-long, markup).
		written: async (probe) =>
			(await probe.texts('facilitator', '/programmes', 'a.name')).filter(
				(title) =>
					title.startsWith('Programme de printemps') ||
					title.trim() === '' ||
					title.startsWith('xxxxxxxxxx') ||
					title.includes('<script')
			),
		accepted: async (page) => await expect(page).toHaveURL(/\/programmes\/[a-z2-7]{16}$/)
	},
	{
		name: 'programme, title and description',
		who: 'facilitator',
		path: () => `/programmes/${world.programmeId}`,
		form: () => 'form[action="?/update"]',
		prefix: () => 'programme',
		fields: () => programmeFields(`Programme renommé ${unique()}`),
		written: (probe) => probe.main('facilitator', `/programmes/${world.programmeId}`),
		accepted: savedStatus
	},
	{
		name: 'programme block, adding',
		who: 'facilitator',
		path: () => `/programmes/${world.programmeId}`,
		form: () => 'form[action="?/addBlock"]',
		prefix: () => 'add',
		fields: blockFields,
		written: (probe) => probe.main('facilitator', `/programmes/${world.programmeId}`),
		accepted: savedStatus
	},
	{
		name: 'programme block, editing',
		who: 'facilitator',
		path: () => `/programmes/${world.programmeId}`,
		form: () => `form[action="?/updateBlock"]:has(input[name=blockId][value="${world.blockId}"])`,
		prefix: () => `b-${world.blockId}`,
		fields: blockFields,
		written: (probe) => probe.main('facilitator', `/programmes/${world.programmeId}`),
		accepted: savedStatus
	},
	{
		name: 'feed post, announcement',
		who: 'facilitator',
		path: feedPath,
		form: () => 'form[action="?/post"]',
		prefix: () => 'post',
		fields: () => [
			{ name: 'kind', kind: { t: 'choice' }, valid: 'announcement' },
			{
				name: 'body',
				kind: { t: 'message', max: 2000, required: true },
				valid: `Atelier CV jeudi à 10 h, salle 2.\nApportez vos papiers. ${unique()}`
			}
		],
		written: (probe) => probe.main('facilitator', feedPath()),
		accepted: published
	},
	{
		name: 'feed post, job offer',
		who: 'facilitator',
		path: feedPath,
		form: () => 'form[action="?/post"]',
		prefix: () => 'post',
		fields: () => [
			{ name: 'kind', kind: { t: 'choice' }, valid: 'job_offer' },
			{ name: 'title', kind: { t: 'text', max: 120, required: true }, valid: `Agent d’accueil ${unique()}` },
			// Optional for a job offer; filled, so that an unknown kind (checked as an announcement) finds one.
			{
				name: 'body',
				kind: { t: 'message', max: 2000, required: false },
				valid: 'Horaires du matin, débutants acceptés.'
			},
			{ name: 'place', kind: { t: 'text', max: 120, required: false }, valid: 'Paris 20e' },
			{ name: 'employer', kind: { t: 'text', max: 120, required: false }, valid: 'Mairie du 20e' },
			{ name: 'contract', kind: { t: 'text', max: 80, required: false }, valid: 'CDD de 6 mois' },
			{ name: 'link', kind: { t: 'link', max: 500 }, valid: 'https://exemple.fr/offres/42' }
		],
		written: (probe) => probe.main('facilitator', feedPath()),
		accepted: published
	},
	{
		name: 'feed post, event',
		who: 'facilitator',
		path: feedPath,
		form: () => 'form[action="?/post"]',
		prefix: () => 'post',
		fields: () => [
			{ name: 'kind', kind: { t: 'choice' }, valid: 'event' },
			{ name: 'title', kind: { t: 'text', max: 120, required: true }, valid: `Forum de l’emploi ${unique()}` },
			{ name: 'body', kind: { t: 'message', max: 2000, required: false }, valid: 'Entrée libre.' },
			{ name: 'place', kind: { t: 'text', max: 120, required: false }, valid: 'Gymnase Ronsard' },
			{ name: 'date', kind: { t: 'date' }, valid: parisDate(10) },
			{ name: 'time', kind: { t: 'time' }, valid: '14:30' }
		],
		written: (probe) => probe.main('facilitator', feedPath()),
		accepted: published
	},
	{
		name: 'feed comment',
		who: 'member',
		path: feedPath,
		form: () => `form[action="?/comment"]:has(input[name=postId][value="${world.postId}"])`,
		prefix: () => `c-${world.postId}`,
		fields: () => [
			{ name: 'body', kind: { t: 'message', max: 1000, required: true }, valid: `J’y serai. ${unique()}` }
		],
		written: (probe) => probe.main('facilitator', feedPath()),
		accepted: async (page) => await expect(page.locator(`#post-${world.postId} li.comment`)).toHaveCount(1)
	},
	{
		name: 'feed settings',
		who: 'facilitator',
		path: feedPath,
		form: () => 'form[action="?/settings"]',
		prefix: () => 'settings',
		fields: () => [{ name: 'participantsMayPost', kind: { t: 'checkbox' }, valid: true }],
		written: (probe) => probe.main('facilitator', feedPath()),
		accepted: savedStatus
	},
	{
		name: 'group charter',
		who: 'facilitator',
		path: () => `/cohorts/${world.cohortId}?section=charter`,
		form: () => 'form[action="?/saveCharter"]',
		prefix: () => 'charter',
		fields: () => [
			{
				name: 'body',
				kind: { t: 'text', max: 4000, required: true },
				valid: 'On arrive à l’heure.\nOn s’écoute sans se couper.'
			}
		],
		written: (probe) => probe.main('facilitator', `/cohorts/${world.cohortId}?section=charter`),
		accepted: savedStatus
	},
	{
		name: 'contact log',
		who: 'facilitator',
		path: () => `/cohorts/${world.cohortId}/people/${world.participantId}`,
		form: () => 'form[action="?/logContact"]',
		prefix: () => 'contact',
		fields: () => [
			{ name: 'channel', kind: { t: 'choice' }, valid: 'email' },
			{ name: 'date', kind: { t: 'date' }, valid: parisDate(-1) },
			{ name: 'time', kind: { t: 'time' }, valid: '09:00' },
			{
				name: 'note',
				kind: { t: 'text', max: 1000, required: false },
				valid: 'Mail envoyé pour le rendez-vous de lundi.'
			}
		],
		written: (probe) => probe.main('facilitator', `/cohorts/${world.cohortId}/people/${world.participantId}`),
		accepted: savedStatus
	},
	{
		// Editing the intake recorded in beforeAll (its level stays ticked; the levels are radios, checked in the a11y and domain tests).
		name: 'autonomy assessment',
		who: 'facilitator',
		path: () => `/cohorts/${world.cohortId}/people/${world.participantId}/autonomy?stage=intake`,
		form: () => 'form[action="?/assess"]',
		prefix: () => 'assess',
		fields: () => [
			{ name: 'stage', kind: { t: 'choice' }, valid: 'intake' },
			{ name: 'day', kind: { t: 'date' }, valid: parisDate(-1) },
			{
				name: 'note',
				kind: { t: 'text', max: 1000, required: false },
				valid: 'Premier échange : à l’aise à l’oral, moins avec les papiers.'
			}
		],
		written: (probe) =>
			probe.main('facilitator', `/cohorts/${world.cohortId}/people/${world.participantId}/autonomy?stage=intake`),
		accepted: savedStatus
	},
	{
		name: 'autonomy observation',
		who: 'facilitator',
		path: () => `/cohorts/${world.cohortId}/people/${world.participantId}/autonomy`,
		form: () => 'form[action="?/observe"]',
		prefix: () => 'observe',
		fields: () => [
			{ name: 'dimension', kind: { t: 'choice' }, valid: 'paperwork' },
			{
				name: 'note',
				kind: { t: 'text', max: 280, required: true },
				valid: 'A rempli seule sa demande de carte Vitale.'
			}
		],
		written: (probe) => probe.main('facilitator', `/cohorts/${world.cohortId}/people/${world.participantId}/autonomy`),
		accepted: savedStatus
	},
	{
		name: 'digital skill adjustment',
		who: 'facilitator',
		path: () => `/cohorts/${world.cohortId}/people/${world.participantId}/skills`,
		form: () => 'form[action="?/override"]',
		prefix: () => 'override',
		fields: () => [
			{ name: 'skillId', kind: { t: 'choice' }, valid: 'fill_online_form' },
			{ name: 'level', kind: { t: 'choice' }, valid: 'with_help' },
			{ name: 'note', kind: { t: 'text', max: 200, required: false }, valid: 'A rempli le formulaire avec Sophie.' }
		],
		written: (probe) => probe.main('facilitator', `/cohorts/${world.cohortId}/people/${world.participantId}/skills`),
		accepted: savedStatus
	},
	{
		name: 'goal of a participant (facilitator)',
		who: 'facilitator',
		path: () => `/cohorts/${world.cohortId}/people/${world.participantId}/goals`,
		form: () => 'form[action="?/createGoal"]',
		prefix: () => 'goal',
		// The target date is optional (left empty here); its bad values are the domain tests' (goals.db.test.ts).
		fields: () => [
			{ name: 'kind', kind: { t: 'choice' }, valid: 'end' },
			{ name: 'category', kind: { t: 'choice' }, valid: 'job' },
			{ name: 'title', kind: { t: 'text', max: 200, required: true }, valid: 'Un emploi d’agent d’accueil' },
			{ name: 'status', kind: { t: 'choice' }, valid: 'in_progress' }
		],
		written: (probe) => probe.main('facilitator', `/cohorts/${world.cohortId}/people/${world.participantId}/goals`),
		accepted: savedStatus
	},
	{
		name: 'own small step (/me/goals)',
		who: 'member',
		path: () => '/me/goals',
		form: () => 'form[action="?/addStep"]',
		prefix: () => 'step',
		fields: () => [
			{ name: 'title', kind: { t: 'text', max: 200, required: true }, valid: 'Créer mon adresse e-mail' },
			{ name: 'category', kind: { t: 'choice' }, valid: 'digital' }
		],
		written: (probe) => probe.main('member', '/me/goals'),
		accepted: savedStatus
	},
	{
		// The intake profile's free text (its lists and checkboxes only offer valid codes); what was written is read
		// back on the person's own page, which never changes by being read (the facilitator's shows who looked).
		name: 'intake profile',
		who: 'facilitator',
		path: () => `/cohorts/${world.cohortId}/people/${world.memberId}/profile`,
		form: () => 'form[action="?/save"]',
		prefix: () => 'profile',
		fields: () => [
			{
				name: 'referredNote',
				kind: { t: 'text', max: 200, required: false },
				valid: 'Conseillère France Travail de Roubaix'
			},
			{
				name: 'obstaclesNote',
				kind: { t: 'text', max: 1000, required: false },
				valid: 'Cherche une solution de garde le matin.'
			},
			{
				name: 'preferences',
				kind: { t: 'text', max: 1000, required: false },
				valid: 'Horaires de journée, près du tram.'
			},
			{ name: 'targetNote', kind: { t: 'text', max: 500, required: false }, valid: 'Agent de restauration collective' }
		],
		written: (probe) => probe.main('member', '/me/profile'),
		accepted: savedStatus
	},
	{
		// Zoé's exit (the only form of the page without an exit yet with her id); the domain's refusals (a date
		// before she joined, after the club) are outcomes.db.test.ts's.
		name: 'exit of a participant',
		who: 'facilitator',
		path: () => `/cohorts/${world.cohortId}/outcomes`,
		form: () => `form.exit-form:has(input[name=userId][value="${world.participantId}"])`,
		prefix: () => `exit-${world.participantId}`,
		fields: () => [
			{ name: 'exitDate', kind: { t: 'date' }, valid: parisDate(1) },
			{ name: 'ending', kind: { t: 'choice' }, valid: 'completed' },
			{ name: 'situation', kind: { t: 'choice' }, valid: 'qualifying_training' }
		],
		written: (probe) => probe.main('facilitator', `/cohorts/${world.cohortId}/outcomes`),
		accepted: async (page) =>
			await expect(page.locator(`li[data-person="${world.participantId}"][data-has-exit="1"]`)).toBeVisible()
	},
	{
		// The questionnaire's only typed answer (the others are buttons of fixed values: a tampered one is
		// questionnaire.db.test.ts's). Read back on the same question, which shows the current answer.
		name: 'end-of-club questionnaire, the free sentence',
		who: 'finisher',
		path: () => '/me/questionnaire?q=sentence',
		form: () => 'form.sentence',
		prefix: () => 'quest',
		fields: () => [{ name: 'value', kind: { t: 'text', max: 200, required: false }, valid: 'Merci pour ce club.' }],
		written: (probe) => probe.main('finisher', '/me/questionnaire?q=sentence'),
		// Saved, the page moves on to the first question still unanswered (Lina answered nothing else).
		accepted: async (page) => await expect(page).toHaveURL(/[?&]q=useful$/)
	},
	{
		name: 'organisation settings',
		who: 'admin',
		path: () => '/admin/organisation',
		form: () => 'form[action="?/save"]',
		// The valid values keep the demo organisation's rules (other specs run alongside) and change its name only,
		// which no page of theirs shows.
		fields: () => [
			{ name: 'name', kind: { t: 'text', max: 80, required: true }, valid: 'Club emploi de Belleville' },
			{ name: 'timeZone', kind: { t: 'timeZone' }, valid: 'Europe/Paris' },
			{ name: 'thresholdPercent', kind: { t: 'int', min: 0, max: 100 }, valid: '85' },
			{ name: 'lateAfterMinutes', kind: { t: 'int', min: 0, max: 120 }, valid: '10' }
		],
		// A change of the settings is logged: none may appear.
		written: (probe) => probe.texts('admin', '/admin/audit', 'li[data-action="organisation.settings"]'),
		accepted: savedStatus
	},
	{
		name: 'new staff account',
		who: 'admin',
		path: () => '/admin/staff',
		form: () => 'form[action="?/create"]',
		fields: () => [
			{ name: 'firstName', kind: { t: 'name', max: 40 }, valid: 'Aurélie' },
			{ name: 'lastName', kind: { t: 'name', max: 60 }, valid: 'Dupont-Garnier' },
			{ name: 'email', kind: { t: 'email' }, valid: `aurelie.${unique()}@exemple.fr` },
			// The select always holds a role; an empty value is simply not one of the choices.
			{ name: 'role', kind: { t: 'choice', emptyMessage: t('form_invalid_choice') }, valid: 'facilitator' },
			{ name: 'password', kind: { t: 'newPassword' }, valid: 'un mot de passe de départ', secret: true }
		],
		written: (probe) => probe.main('admin', '/admin/staff'),
		accepted: savedStatus
	}
];

// ---------------------------------------------------------------------------------------------
// Probes: reading what was written, from outside the form's page
// ---------------------------------------------------------------------------------------------
interface Probe {
	/** The text of `main` on a page, as another signed-in person reads it. */
	main(who: Exclude<Who, 'anonymous'>, path: string): Promise<string>;
	/** The texts of the elements matching `selector` on a page, as another signed-in person reads it. */
	texts(who: Exclude<Who, 'anonymous'>, path: string, selector: string): Promise<string[]>;
	/** Whether the form's own browser holds a session (a login or a join went through). */
	hasSession(): Promise<boolean>;
	/** Whether these credentials open a session, from a fresh client. */
	canLogIn(kind: 'staff' | 'participant', form: Record<string, string>): Promise<boolean>;
}

/** The probes' pages, one per person, kept by the worker from case to case (a context is not free). */
const probePages = new Map<string, Page>();

async function openProbe(browser: Browser, formPage: Page): Promise<Probe & { close(): Promise<void> }> {
	const pages = probePages;
	const clients: APIRequestContext[] = [];
	async function open(who: Exclude<Who, 'anonymous'>, path: string): Promise<Page> {
		let page = pages.get(who);
		if (!page) {
			// The server's page only: what was written, never a half-hydrated state (parts such as
			// read-aloud buttons appear once the scripts run), and no script to wait for.
			const context = await browser.newContext({ javaScriptEnabled: false });
			await context.addCookies(world.cookies[who]);
			page = await context.newPage();
			pages.set(who, page);
		}
		await page.goto(path);
		await expect(page).toHaveURL(new RegExp(`${path.replace(/[?]/g, '\\?')}$`));
		return page;
	}
	return {
		async main(who, path) {
			return (await open(who, path)).locator('main').innerText();
		},
		async texts(who, path, selector) {
			return (await open(who, path)).locator(selector).allInnerTexts();
		},
		async hasSession() {
			return (await formPage.context().cookies()).some((c) => c.name === 'tablee_session');
		},
		async canLogIn(kind, form) {
			// As a browser posts a form (text/html): the answer is the login's redirect, not SvelteKit's JSON.
			const client = await request.newContext({
				baseURL: world.baseURL,
				extraHTTPHeaders: { origin: world.baseURL, accept: 'text/html' }
			});
			clients.push(client);
			const fields = kind === 'staff' ? { email: form.email, password: form.password } : form;
			const res = await client.post(`/login?/${kind}`, { form: fields, maxRedirects: 0 });
			return res.status() === 303 && !(res.headers()['location'] ?? '').startsWith('/login');
		},
		async close() {
			for (const client of clients) await client.dispose();
		}
	};
}

// ---------------------------------------------------------------------------------------------
// Filling a form. Values go in through the DOM, in one pass (typing is what club-flow.spec does): the
// bad one with the browser's own checks lifted (maxlength, number/date/time/e-mail types, the
// select's options), as a script or a tampered page would send it.
// ---------------------------------------------------------------------------------------------
async function fill(form: Locator, fields: Field[], bad?: { field: Field; value: string }) {
	await fillRounds(form, fields, [bad], false);
}

/**
 * The form filled once per round (the valid values, the round's bad one in its field), in one call to the
 * page; with `send`, each round's fields are sent as sendWithoutScripts tells, all side by side.
 */
async function fillRounds(
	form: Locator,
	fields: Field[],
	rounds: ({ field: Field; value: string } | undefined)[],
	send: boolean
): Promise<{ status: number; html: string }[]> {
	const valuesOf = (bad?: { field: Field; value: string }) =>
		fields.map((f) => ({
			name: f.name,
			skills: isGroup(f.kind),
			value: bad?.field.name === f.name ? bad.value : f.valid,
			valid: f.valid,
			bad: bad?.field.name === f.name
		}));
	return await form.evaluate(
		async (formElement: HTMLFormElement, { rounds, send }) => {
			const bodies: { action: URL; body: FormData | URLSearchParams }[] = [];
			for (const values of rounds) {
				for (const { name, skills, value, valid, bad } of values) {
					if (skills) {
						const boxes = [...formElement.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)];
						// A box that carried a bad value before (the form is filled again on the same page) gets its own back.
						for (const box of boxes) box.value = box.dataset.offered ??= box.value;
						boxes.forEach((box) => (box.checked = (valid as string[]).includes(box.value)));
						if (bad) {
							// One more box ticked, carrying the bad value.
							const box = boxes.find((b) => !b.checked)!;
							box.value = value as string;
							box.checked = true;
						}
						continue;
					}
					const el = formElement.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
						`[name="${name}"]`
					)!;
					if (el instanceof HTMLInputElement && el.type === 'checkbox') {
						el.value = el.dataset.offered ??= el.value;
						if (typeof value === 'boolean') el.checked = value;
						else {
							el.value = value as string;
							el.checked = true;
						}
					} else if (el instanceof HTMLSelectElement) {
						if (![...el.options].some((o) => o.value === value)) el.add(new Option(String(value), String(value)));
						el.value = String(value);
					} else {
						if (bad) {
							el.removeAttribute('maxlength');
							if (el instanceof HTMLInputElement && ['number', 'date', 'time', 'email'].includes(el.type))
								el.type = 'text';
						}
						el.value = String(value);
					}
				}
				if (!send) continue;
				const buttons = formElement.querySelectorAll('button');
				if (buttons.length !== 1) throw new Error(`the form has ${buttons.length} buttons`);
				const button = buttons[0];
				const action = button.getAttribute('formaction') ?? formElement.getAttribute('action') ?? '';
				// The fields as they are now (FormData copies them): the next round fills the form again.
				const data = new FormData(formElement, button);
				const body =
					formElement.getAttribute('enctype') === 'multipart/form-data'
						? data
						: new URLSearchParams(
								[...data].map(([name, value]) => [name, typeof value === 'string' ? value : value.name])
							);
				bodies.push({ action: new URL(action, location.href), body });
			}
			return await Promise.all(
				bodies.map(async ({ action, body }) => {
					const res = await fetch(action, {
						method: 'POST',
						body,
						headers: { accept: 'text/html' },
						redirect: 'manual'
					});
					return { status: res.status, html: await res.text() };
				})
			);
		},
		{ rounds: rounds.map(valuesOf), send }
	);
}

/**
 * What each field shows after the page came back, next to what it can show of the typed value: a
 * date, time or number field cannot hold every string (2026-02-30 shows as an empty date), so the
 * typed value goes through a field of the same type for the comparison.
 */
async function shownAndTyped(form: Locator, fields: Field[], bad: { field: Field; value: string }) {
	const typed = fields.map((f) => ({
		name: f.name,
		skills: isGroup(f.kind),
		value: bad.field.name === f.name ? bad.value : f.valid
	}));
	return form.evaluate((formElement, typed) => {
		const out: Record<string, { shown: unknown; typed: unknown }> = {};
		for (const { name, skills, value } of typed) {
			if (skills) {
				out[name] = {
					shown: [...formElement.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map(
						(b) => b.value
					),
					typed: value
				};
				continue;
			}
			const el = formElement.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
				`[name="${name}"]`
			)!;
			if (el instanceof HTMLInputElement && el.type === 'checkbox') out[name] = { shown: el.checked, typed: value };
			else if (el instanceof HTMLInputElement) {
				const twin = document.createElement('input');
				twin.type = el.type;
				twin.value = String(value);
				out[name] = { shown: el.value, typed: twin.value };
			} else out[name] = { shown: el.value, typed: value };
		}
		return out;
	}, typed);
}

/**
 * Everything the checks of one bad value read on the server's answer, in one call: the answer page is the
 * server's HTML as it stands (no script of its own arrives: its network is cut), so nothing on it can
 * change while it is read, and one read gives what a dozen waiting assertions gave, without a dozen round
 * trips to the browser. The browser still parses it as it would show it (what a field shows of a value, a
 * script that would run), and expectAnswer asserts exactly what expectRefused asserts on a live page.
 */
async function readAnswer(answer: Page, html: string, spec: FormSpec, fields: Field[], field: Field, c: Case) {
	return (await readAnswers(answer, spec, fields, field, [{ html, c }]))[0];
}

/** readAnswer for several answers about one field, in one call. */
async function readAnswers(
	answer: Page,
	spec: FormSpec,
	fields: Field[],
	field: Field,
	answers: { html: string; c: Case }[]
) {
	const items = answers.map(({ html, c }) => ({
		html,
		typed: fields.map((f) => ({
			name: f.name,
			skills: isGroup(f.kind),
			value: f.name === field.name ? c.value : f.valid
		}))
	}));
	const errorId = `${spec.prefix ? `${spec.prefix()}-` : ''}${field.name}-error`;
	const reads = await answer.evaluate(
		({ items, formSelector, errorId, described }) =>
			items.map(({ html, typed }) => {
				// What page.setContent does, without a second call and a wait for the load event: the answer
				// replaces the page's document, its inline scripts run as it is parsed.
				document.open();
				document.write(html);
				document.close();
				// As Playwright's toHaveText compares text: whitespace runs made one space, ends trimmed.
				const text = (el: Element) =>
					(el.textContent ?? '')
						.replace(/\u200b/g, '')
						.trim()
						.replace(/\s+/g, ' ');
				const forms = [...document.querySelectorAll<HTMLFormElement>(formSelector)];
				const form = forms[0];
				const formErrors = form ? [...form.querySelectorAll('p.form-error[role=alert]')] : [];
				const errors = [...document.querySelectorAll(`[id="${errorId}"]`)];
				const tied = form ? [...form.querySelectorAll(described)] : [];
				const fieldsNow: Record<string, { shown: unknown; typed: unknown }> = {};
				for (const { name, skills, value } of form ? typed : []) {
					if (skills) {
						fieldsNow[name] = {
							shown: [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((b) => b.value),
							typed: value
						};
						continue;
					}
					const el = form.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`[name="${name}"]`);
					if (!el) fieldsNow[name] = { shown: null, typed: value };
					else if (el instanceof HTMLInputElement && el.type === 'checkbox')
						fieldsNow[name] = { shown: el.checked, typed: value };
					else if (el instanceof HTMLInputElement) {
						const twin = document.createElement('input');
						twin.type = el.type;
						twin.value = String(value);
						fieldsNow[name] = { shown: el.value, typed: twin.value };
					} else fieldsNow[name] = { shown: el.value, typed: value };
				}
				return {
					forms: forms.length,
					formErrors: formErrors.map(text),
					errors: errors.map(text),
					fieldErrors: form ? form.querySelectorAll('.field-error').length : 0,
					tied: tied.map((el) => ({
						describedBy: el.getAttribute('aria-describedby'),
						invalid: el.getAttribute('aria-invalid')
					})),
					fieldsNow,
					typedScript: [...document.scripts].some((s) => s.textContent?.trim() === 'alert(1)')
				};
			}),
		{
			items,
			formSelector: spec.form(),
			errorId,
			described: isGroup(field.kind) ? `fieldset:has(input[name="${field.name}"])` : `[name="${field.name}"]`
		}
	);
	return reads.map((read) => ({ ...read, errorId }));
}

/** expectRefused's assertions, on what readAnswer read. */
function expectAnswer(
	read: Awaited<ReturnType<typeof readAnswers>>[number],
	fields: Field[],
	field: Field,
	c: Case,
	where: string
) {
	const message = c.message
		.replace(/\u200b/g, '')
		.trim()
		.replace(/\s+/g, ' ');
	expect(read.forms, `${where}: the form is on the answer`).toBe(1);
	if (c.formLevel) {
		expect(read.formErrors, where).toEqual([message]);
		expect(read.fieldErrors, where).toBe(0);
	} else {
		// Exactly one error, on this field, tied to it for screen readers.
		expect(read.errors, where).toEqual([message]);
		expect(read.fieldErrors, `${where}: the only error on the form`).toBe(1);
		expect(read.tied, `${where}: one element to tie the error to`).toHaveLength(1);
		expect(read.tied[0].describedBy ?? '', where).toMatch(new RegExp(`(^| )${read.errorId}( |$)`));
		if (!isGroup(field.kind)) expect(read.tied[0].invalid, where).toBe('true');
	}
	// What was typed is still there; secrets are not.
	for (const other of fields) {
		const { shown, typed } = read.fieldsNow[other.name];
		if (other.secret) expect(shown, `${where}: ${other.name} is a secret, not sent back`).toBe('');
		else if (other.name === field.name && ['choice', 'checkbox', 'skills', 'facilitators'].includes(other.kind.t))
			continue; // not an offered choice: nothing to show
		else expect(shown, `${where}: ${other.name} keeps what was typed`).toEqual(typed);
	}
	// The typed values travel in SvelteKit's page data, escaped; none may become a script of its own.
	expect(read.typedScript, `${where}: no typed script in the page`).toBe(false);
}

/** The element the error must be tied to: the field, or the skills' fieldset. */
const described = (form: Locator, field: Field) =>
	isGroup(field.kind)
		? form.locator(`fieldset:has(input[name="${field.name}"])`)
		: form.locator(`[name="${field.name}"]`);

async function fillAndSend(page: Page, spec: FormSpec, fields: Field[], bad?: { field: Field; value: string }) {
	const form = page.locator(spec.form());
	await expect(form, `the ${spec.name} form is on ${page.url()}`).toHaveCount(1);
	// Editors fold away in <details>: open it as a person would (after hydration, which sets `open`).
	if (await form.evaluate((f) => !!f.closest('details') && !f.closest('details')!.open)) {
		await hydrated(page);
		await form.evaluate((f) => f.closest('details')!.setAttribute('open', ''));
	}
	await fill(form, fields, bad);
	const button = form.locator('button');
	await expect(button).toHaveCount(1);
	await button.click();
	await page.waitForLoadState();
	return page.locator(spec.form());
}

/**
 * The page the server's answers are shown in (one per worker): no session, and no network (the answer's
 * own scripts and styles are not fetched: what it shows is the server's HTML, as before the scripts run).
 * Offline rather than a route that aborts each request: that sent each of the answer's stylesheets and
 * scripts to the test process and back.
 */
let answers: Page | undefined;
async function answerPage(browser: Browser) {
	if (!answers) {
		// Offline, not a route that aborts each request: that sent every stylesheet and script of the answer
		// to the test process and back before the page could load.
		answers = await (await browser.newContext({ offline: true })).newPage();
	}
	return answers;
}

/**
 * Fills the form on the page once per bad value, and sends each as the browser sends a form without its
 * scripts: the fields of `new FormData(form, button)` (the form's own encoding, its hidden fields, its
 * button), to the form's action, asking for a page (text/html), from the page itself (its session, its
 * origin), all side by side. Returns the server's answers, in order: the page it renders with the errors,
 * as a browser would show it.
 */
async function sendWithoutScripts(
	page: Page,
	spec: FormSpec,
	fields: Field[],
	bads: { field: Field; value: string }[]
) {
	return await fillRounds(page.locator(spec.form()), fields, bads, true);
}

// ---------------------------------------------------------------------------------------------
// The world this spec writes into
// ---------------------------------------------------------------------------------------------
// The cases run one after the other in one worker, on one world built once (every case is independent of the
// others: each one compares what is written before and after itself only). Shared out between the two workers,
// each worker built its own world (1.5 min on a loaded machine): more time than the split saved, since the other
// worker has the rest of the suite to run meanwhile.

test.beforeAll(async ({ browser }, testInfo) => {
	test.setTimeout(240_000);
	const run = unique();
	const baseURL = String(testInfo.project.use.baseURL);
	const facilitator = { email: `animation.${run}@exemple.fr`, password: `mot de passe ${run}` };
	const director = { email: `direction.${run}@exemple.fr`, password: `mot de passe ${run}` };

	const admin = await browser.newContext();
	const adminPage = await admin.newPage();
	await loginStaff(adminPage, STAFF.admin);
	for (const [person, role, lastName] of [
		[facilitator, 'facilitator', 'Animatrice'],
		[director, 'director', 'Directrice']
	] as const) {
		await adminPage.goto('/admin/staff');
		const form = adminPage.locator('form[action="?/create"]');
		await form.locator('[name=firstName]').fill('Camille');
		await form.locator('[name=lastName]').fill(lastName);
		await form.locator('[name=email]').fill(person.email);
		await form.locator('[name=role]').selectOption(role);
		await form.locator('[name=password]').fill(person.password);
		await form.getByRole('button').click();
		await expect(adminPage.getByRole('status')).toHaveText(t('saved'));
	}
	// A second facilitator, whom the director adds to the cohort when the "who runs a cohort" form goes through.
	const coFacilitatorEmail = `coanimation.${run}@exemple.fr`;
	{
		const form = adminPage.locator('form[action="?/create"]');
		await form.locator('[name=firstName]').fill('Dominique');
		await form.locator('[name=lastName]').fill('Coanimatrice');
		await form.locator('[name=email]').fill(coFacilitatorEmail);
		await form.locator('[name=role]').selectOption('facilitator');
		await form.locator('[name=password]').fill(`mot de passe ${run}`);
		await form.getByRole('button').click();
		await expect(adminPage.getByRole('status')).toHaveText(t('saved'));
	}
	const idOfStaff = async (email: string) =>
		(await adminPage
			.locator('tr')
			.filter({ has: adminPage.getByRole('cell', { name: email, exact: true }) })
			.locator('input[name=userId]')
			.getAttribute('value')) ?? '';
	const facilitatorId = await idOfStaff(facilitator.email);
	const coFacilitatorId = await idOfStaff(coFacilitatorEmail);
	expect(facilitatorId).toMatch(/^[a-z2-7]{16}$/);
	expect(coFacilitatorId).toMatch(/^[a-z2-7]{16}$/);

	const staff = await browser.newContext();
	const page = await staff.newPage();
	await loginStaff(page, facilitator.email, facilitator.password);
	const programmeTitle = `Programme des mauvaises saisies ${run}`;
	const programmeId = await createProgramme(page, programmeTitle);
	await addBlock(page, {
		kind: 'live',
		title: 'Accueil en visio',
		dayOffset: 0,
		startTime: '09:30',
		durationMinutes: 60,
		skills: [t('skill_join_video_call')]
	});
	const blockId = (await page.locator('input[name=blockId]').first().getAttribute('value')) ?? '';
	await addBlock(page, {
		kind: 'async',
		title: 'Mon métier en trois lignes',
		dayOffset: 1,
		startTime: '09:00',
		durationMinutes: 60
	});
	const cohort = await createCohort(page, {
		programmeTitle,
		name: `Groupe des mauvaises saisies ${run}`,
		startDate: parisDate(1),
		modality: 'hybrid'
	});
	const activityId = (await page.locator('input[name=activityId]').first().getAttribute('value')) ?? '';
	const assignmentId =
		(await page.locator('form[action="?/saveAssignment"] input[name=activityId]').getAttribute('value')) ?? '';

	const joinLink = await createInvite(page, cohort.id, { maxUses: 10 });
	const usedLink = await createInvite(page, cohort.id, { maxUses: 1 });
	// The participant of the PIN tests uses up the single-use invite.
	const phone = await browser.newContext();
	const participant = { firstName: `Zoé ${uniqueLetters()}`, pin: '4821', code: cohort.code };
	await joinWithInvite(await phone.newPage(), usedLink, participant.firstName, participant.pin);
	const revokedLink = await createInvite(page, cohort.id, { maxUses: 1 });
	// The only invite still "0 / 1" is the one just made: revoke it.
	await page
		.locator('tbody tr', { has: page.getByRole('cell', { name: '0 / 1', exact: true }) })
		.getByRole('button', { name: t('invite_revoke') })
		.click();
	await expect(page.locator('tbody tr', { hasText: t('invite_status_revoked') })).toHaveCount(1);

	const directorContext = await browser.newContext();
	await loginStaff(await directorContext.newPage(), director.email, director.password);

	// Two more participants: one hands in through the form under test, one has handed in already (for the feedback form).
	const writer = await browser.newContext();
	await joinWithInvite(await writer.newPage(), joinLink, `Yanis ${uniqueLetters()}`, '1470');
	const reviewed = await browser.newContext();
	const reviewedPage = await reviewed.newPage();
	const reviewedName = `Inès ${uniqueLetters()}`;
	await joinWithInvite(reviewedPage, joinLink, reviewedName, '2580');
	const sent = await reviewedPage.request.post(`/me/assignments/${assignmentId}/upload`, {
		headers: { origin: baseURL },
		multipart: { text: 'Je cherche un emploi de cuisinière.' }
	});
	expect(sent.status(), 'a participant hands in').toBe(200);
	await page.goto(`/assignments/${assignmentId}`);
	const reviewedHref =
		(await page.locator('tr', { hasText: reviewedName }).getByRole('link').getAttribute('href')) ?? '';

	// The feed: a member who comments, and one post to comment on; Zoé's file for the contact log.
	const member = await browser.newContext();
	const memberName = `Malik ${uniqueLetters()}`;
	await joinWithInvite(await member.newPage(), joinLink, memberName, '1357');
	await page.goto(`/cohorts/${cohort.id}?section=people`);
	const participantId =
		((await page.getByRole('link', { name: participant.firstName, exact: true }).getAttribute('href')) ?? '')
			.split('/')
			.pop() ?? '';
	const memberId =
		((await page.getByRole('link', { name: memberName, exact: true }).getAttribute('href')) ?? '').split('/').pop() ??
		'';
	// Zoé's intake on the autonomy ladder, with one level: the assessment form under test edits it.
	await page.goto(`/cohorts/${cohort.id}/people/${participantId}/autonomy?stage=intake`);
	await page
		.locator('form[action="?/assess"]')
		.getByRole('group', { name: t('autonomy_dim_paperwork') })
		.getByRole('radio', { name: /^2 · / })
		.check();
	await page.locator('form[action="?/assess"]').getByRole('button').click();
	await expect(page.getByRole('status')).toHaveText(t('saved'));
	await page.goto(`/cohorts/${cohort.id}/feed`);
	await page.locator('form[action="?/post"] [name=body]').fill('Bienvenue dans le groupe !');
	await page.locator('form[action="?/post"]').getByRole('button').click();
	const postId = (
		(await page.locator('article.post', { hasText: 'Bienvenue dans le groupe !' }).getAttribute('id')) ?? ''
	).replace('post-', '');

	// A club of one morning, today: its questionnaire is open for its participant.
	const dayProgramme = `Programme d’un jour ${run}`;
	await createProgramme(page, dayProgramme);
	await addBlock(page, {
		kind: 'in_person',
		title: 'Dernier matin',
		dayOffset: 0,
		startTime: '09:30',
		durationMinutes: 60
	});
	const lastDay = await createCohort(page, {
		programmeTitle: dayProgramme,
		name: `Groupe d’un jour ${run}`,
		startDate: parisDate(0),
		modality: 'in_person'
	});
	const finisher = await browser.newContext();
	await joinWithInvite(
		await finisher.newPage(),
		await createInvite(page, lastDay.id, { maxUses: 1 }),
		`Lina ${uniqueLetters()}`,
		'3690'
	);

	world = {
		baseURL,
		cookies: {
			finisher: await finisher.cookies(),
			admin: await admin.cookies(),
			facilitator: await staff.cookies(),
			director: await directorContext.cookies(),
			participant: await phone.cookies(),
			writer: await writer.cookies(),
			member: await member.cookies()
		},
		facilitator,
		director,
		facilitatorId,
		coFacilitatorId,
		participant,
		programmeId,
		blockId,
		cohortId: cohort.id,
		activityId,
		assignmentId,
		reviewedId: reviewedHref.split('/').pop() ?? '',
		joinLink,
		usedLink,
		revokedLink,
		postId,
		participantId,
		memberId
	};
	for (const context of [admin, staff, phone, directorContext, writer, reviewed, member, finisher])
		await context.close();
	expect(postId).toMatch(/^[a-z2-7]{16}$/);
	expect(participantId).toMatch(/^[a-z2-7]{16}$/);
	expect(memberId).toMatch(/^[a-z2-7]{16}$/);
	expect(blockId).toMatch(/^[a-z2-7]{16}$/);
	expect(world.assignmentId).toMatch(/^[a-z2-7]{16}$/);
	expect(world.reviewedId).toMatch(/^[a-z2-7]{16}$/);
	expect(activityId).toMatch(/^[a-z2-7]{16}$/);
});

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------
// Each form gets every bad value of each field. ONE of them goes through the page as a person sends it
// (scripts loaded: the enhanced form where the page has one), and the page must show the error next to its
// field and keep what was typed. Every bad value (that one too) is then sent as the browser sends the form
// without its scripts: the same fields, the same encoding, from the same page and session, and the page
// the server answers with (what a browser shows, before or without its scripts) is written into a second
// page, whose inline scripts run, to check the error, the field it is tied to, what is kept and that no typed
// script runs. A full page load and hydration per bad value was two thirds of this spec's time; then a dozen
// waiting assertions per answer, each a round trip to the browser, were half of what was left: the answer
// is now written and read in one call (readAnswer), and its checks are proved able to fail below.
for (const spec of FORMS) {
	test(`bad input is refused, explained and kept, and writes nothing: ${spec.name}`, async ({ browser, page }) => {
		test.setTimeout(120_000);
		if (spec.who !== 'anonymous') await page.context().addCookies(world.cookies[spec.who]);
		const dialogs: string[] = [];
		const watchDialogs = (p: Page) =>
			p.on('dialog', (dialog) => {
				dialogs.push(dialog.message());
				void dialog.dismiss();
			});
		watchDialogs(page);
		const probe = await openProbe(browser, page);
		const answer = await answerPage(browser);
		watchDialogs(answer);
		try {
			await page.goto(spec.path());
			await hydrated(page);
			const before = await spec.written(probe);
			const fields = spec.fields();
			const idPrefix = spec.prefix ? `${spec.prefix()}-` : '';

			/** The error shown for this bad value, on the form `form` of the page `on`. */
			const expectRefused = async (on: Page, form: Locator, field: Field, c: Case, where: string) => {
				if (c.formLevel) {
					await expect(form.locator('p.form-error[role=alert]'), where).toHaveText(c.message);
					await expect(form.locator('.field-error'), where).toHaveCount(0);
				} else {
					// Exactly one error, on this field, tied to it for screen readers.
					const errorId = `${idPrefix}${field.name}-error`;
					await expect(on.locator(`[id="${errorId}"]`), where).toHaveText(c.message);
					await expect(form.locator('.field-error'), `${where}: the only error on the form`).toHaveCount(1);
					await expect(described(form, field), where).toHaveAttribute(
						'aria-describedby',
						new RegExp(`(^| )${errorId}( |$)`)
					);
					if (!isGroup(field.kind)) await expect(described(form, field), where).toHaveAttribute('aria-invalid', 'true');
				}
				// What was typed is still there; secrets are not.
				const fieldsNow = await shownAndTyped(form, fields, { field, value: c.value });
				for (const other of fields) {
					const { shown, typed } = fieldsNow[other.name];
					if (other.secret) expect(shown, `${where}: ${other.name} is a secret, not sent back`).toBe('');
					else if (other.name === field.name && ['choice', 'checkbox', 'skills', 'facilitators'].includes(other.kind.t))
						continue; // not an offered choice: nothing to show
					else expect(shown, `${where}: ${other.name} keeps what was typed`).toEqual(typed);
				}
				// The typed values travel in SvelteKit's page data, escaped; none may become a script of its own.
				expect(
					await on.evaluate(() => [...document.scripts].some((s) => s.textContent?.trim() === 'alert(1)')),
					`${where}: no typed script in the page`
				).toBe(false);
			};

			const first = fields[0];
			const fromPage = casesFor(first.kind).find((c) => c.value === MARKUP) ?? casesFor(first.kind)[0];
			await test.step(`${first.name}: ${fromPage.label}, sent from the page`, async () => {
				const form = await fillAndSend(page, spec, fields, { field: first, value: fromPage.value });
				await expectRefused(
					page,
					form,
					first,
					fromPage,
					`${spec.name}, ${first.name} ${fromPage.label} (from the page)`
				);
			});

			for (const field of fields) {
				// All the bad values of a field at once: sent side by side (each one refused, none writes), their
				// answers read in one call; each is then checked in a step of its own.
				const cases = casesFor(field.kind);
				const sent = await test.step(`${field.name}: ${cases.length} bad values sent`, async () => {
					const answers = await sendWithoutScripts(
						page,
						spec,
						fields,
						cases.map((c) => ({ field, value: c.value }))
					);
					const reads = await readAnswers(
						answer,
						spec,
						fields,
						field,
						answers.map((res, i) => ({ html: res.html, c: cases[i] }))
					);
					return answers.map((res, i) => ({ status: res.status, read: reads[i] }));
				});
				for (const [i, c] of cases.entries()) {
					await test.step(`${field.name}: ${c.label}`, async () => {
						const where = `${spec.name}, ${field.name} ${c.label}`;
						expect(sent[i].status, `${where}: refused`).toBe(400);
						expectAnswer(sent[i].read, fields, field, c, where);
					});
				}
			}
			// Once for every field's bad values: each probe is a page or two of the server's (a tenth of this
			// spec's time when it ran after each field), and any write by any of them shows here.
			await test.step('nothing was written', async () => {
				expect(await spec.written(probe), `${spec.name}: nothing written after the bad values`).toEqual(before);
			});
			expect(dialogs, 'no script ran').toEqual([]);

			await test.step('the valid values go through (so each refusal above was about its bad value)', async () => {
				// On a fresh page: the bad values were put in through the DOM, as a tampered page would.
				await page.goto(spec.path());
				await fillAndSend(page, spec, fields);
				await expect(page.locator('.field-error')).toHaveCount(0);
				await expect(page.locator('.form-error')).toHaveCount(0);
				await spec.accepted(page);
				expect(await spec.written(probe), `${spec.name}: the valid values were written`).not.toEqual(before);
			});
		} finally {
			answer.removeAllListeners('dialog');
			await probe.close();
		}
	});
}

// The checks above read each answer in one call (readAnswer, expectAnswer): each one must still be able to fail.
// One real answer (a participant's first name with digits), changed in each way a server could get it wrong:
// every change must be caught, and the unchanged answer must pass.
test('the checks of a refused answer catch each way it could be wrong', async ({ browser, page }) => {
	const spec = FORMS.find((f) => f.name === 'login, participant')!;
	const fields = spec.fields();
	const [firstName, cohortCode, pin] = fields;
	const c = casesFor(firstName.kind).find((k) => k.label === 'digits')!;
	await page.goto(spec.path());
	const [res] = await sendWithoutScripts(page, spec, fields, [{ field: firstName, value: c.value }]);
	expect(res.status).toBe(400);
	const answer = await answerPage(browser);
	const dialogs: string[] = [];
	const onDialog = (dialog: import('@playwright/test').Dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	};
	answer.on('dialog', onDialog);
	try {
		const check = async (html: string, which = c) =>
			expectAnswer(await readAnswer(answer, html, spec, fields, firstName, which), fields, firstName, which, 'answer');
		await check(res.html);
		const input = (name: string) => new RegExp(`(<input[^>]*\\bname="${name}")`);
		const broken: [string, string][] = [
			['another message', res.html.replace(/(id="participant-firstName-error"[^>]*>)[^<]*/, '$1Autre chose.')],
			[
				'error not tied to the field',
				res.html.replace(/(id="participant-firstName"[^>]*?) aria-describedby="[^"]*"/, '$1')
			],
			['field not marked invalid', res.html.replace(/(id="participant-firstName"[^>]*?) aria-invalid="true"/, '$1')],
			[
				'a second error',
				res.html.replace(/(<form[^>]*action="\?\/participant"[^>]*>)/, '$1<p class="field-error">x</p>')
			],
			['the form missing', res.html.replace(/action="\?\/participant"/, 'action="?/ailleurs"')],
			['a typed value lost', res.html.replace(input(cohortCode.name), '$1 value="ZZZZZZ"')],
			['a secret sent back', res.html.replace(input(pin.name), '$1 value="4821"')],
			['a typed script', res.html.replace('</body>', '<script>alert(1)</script></body>')]
		];
		for (const [what, html] of broken) {
			expect(html, `${what}: the answer was changed`).not.toBe(res.html);
			await expect(check(html), `${what} is caught`).rejects.toThrow();
		}
		expect(dialogs, 'the typed script ran, and was seen').toEqual(['1']);
		// A message the whole form should show, not one field: the field's error is not that.
		await expect(check(res.html, { ...c, formLevel: true }), 'a form-level message is looked for').rejects.toThrow();
	} finally {
		answer.off('dialog', onDialog);
	}
});

// A programme block's document (issue 11, item 7) goes through the assignment's upload: the same refusals, the
// same messages, next to the field; what was typed stays, and nothing is written.
test('a block’s document too large or of a refused type is refused next to its field, writing nothing', async ({
	page
}) => {
	test.setTimeout(90_000);
	await page.context().addCookies(world.cookies.facilitator);
	const form = page.locator(`form[action="?/updateBlock"]:has(input[name=blockId][value="${world.blockId}"])`);
	const prefix = `b-${world.blockId}`;
	const cases = [
		{
			label: 'over 10 MB',
			file: {
				name: 'gros.pdf',
				mimeType: 'application/pdf',
				buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)])
			},
			message: t('assignment_file_too_big', { value: 10 })
		},
		{
			label: 'a program named as a PDF',
			file: {
				name: 'modele.pdf',
				mimeType: 'application/pdf',
				buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2048, 0x90)])
			},
			message: t('assignment_file_type')
		}
	];
	for (const c of cases) {
		await test.step(c.label, async () => {
			await page.goto(`/programmes/${world.programmeId}`);
			await hydrated(page);
			await form.evaluate((f) => f.closest('details')!.setAttribute('open', ''));
			const title = `Refusé ${uniqueLetters()}`;
			await form.getByLabel(t('field_title'), { exact: true }).fill(title);
			await form.getByLabel(t('block_document_field'), { exact: true }).setInputFiles(c.file);
			await form.getByRole('button', { name: t('save') }).click();
			await expect(page.locator(`[id="${prefix}-attachment-error"]`)).toHaveText(c.message);
			await expect(form.locator('.field-error')).toHaveCount(1);
			await expect(form.getByLabel(t('block_document_field'), { exact: true })).toHaveAttribute('aria-invalid', 'true');
			// What was typed stays; nothing was written: not the title, not a document.
			await expect(form.getByLabel(t('field_title'), { exact: true })).toHaveValue(title);
			await page.goto(`/programmes/${world.programmeId}`);
			await expect(page.locator('ol.blocks p.title', { hasText: title })).toHaveCount(0);
			await expect(page.locator(`[id="block-${world.blockId}"] a[href^="/files/"]`)).toHaveCount(0);
		});
	}
});

test('HTML and script in a post or a comment are kept as typed and shown as text, live and on a fresh page', async ({
	browser,
	page
}) => {
	const dialogs: string[] = [];
	const watch = (p: Page) =>
		p.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
	await page.context().addCookies(world.cookies.facilitator);
	watch(page);
	const member = await browser.newContext();
	try {
		await member.addCookies(world.cookies.member);
		const reader = await member.newPage();
		watch(reader);
		await reader.goto(feedPath());
		await expect(reader.locator('[data-live]')).toHaveAttribute('data-live', 'open');

		const run = unique();
		const post = `<script>alert(1)</script><img src=x onerror="alert(2)"> <b>gras</b> <a href="javascript:alert(3)">lien</a> ${run}`;
		const comment = `<i>merci</i> <script>alert(4)</script> <svg onload="alert(5)"></svg> ${run}`;
		const markup = 'script, img, b, i, svg, a[href^="javascript"]';
		await page.goto(feedPath());
		await page.locator('form[action="?/post"] [name=body]').fill(post);
		await page.locator('form[action="?/post"]').getByRole('button').click();
		await published(page);

		// Live: put on the reader's page by its scripts.
		const live = reader.locator('article.post', { hasText: run });
		await expect(live).toBeVisible({ timeout: 2000 });
		await expect(live.locator(':scope > p.body')).toHaveText(post);
		await expect(live.locator(markup)).toHaveCount(0);
		await live.locator('details').evaluate((d) => d.setAttribute('open', ''));
		await live.getByLabel(t('feed_comment_label'), { exact: true }).fill(comment);
		await live.getByRole('button', { name: t('feed_comment_send') }).click();
		await expect(live.locator('li.comment p.body')).toHaveText(comment);
		await expect(live.locator(markup)).toHaveCount(0);

		// A fresh page, rendered by the server.
		await page.goto(feedPath());
		const fresh = page.locator('article.post', { hasText: run });
		await expect(fresh.locator(':scope > p.body')).toHaveText(post);
		await expect(fresh.locator('li.comment p.body')).toHaveText(comment);
		await expect(fresh.locator(markup)).toHaveCount(0);
		expect(dialogs, 'no script ran').toEqual([]);
	} finally {
		await member.close();
	}
});

test('an invite that was already used, revoked or never existed says so in plain words, and lets nobody in', async ({
	browser,
	page
}) => {
	const probe = await openProbe(browser, page);
	try {
		const people = () =>
			probe.texts('facilitator', `/cohorts/${world.cohortId}?section=people`, 'ul.people-manage > li > a');
		const before = await people();
		expect(before.length, "the probe reads the cohort's people").toBeGreaterThan(0);
		const CASES = [
			{ label: 'used (single use, already redeemed)', link: world.usedLink, message: t('invite_used'), status: 410 },
			{ label: 'revoked', link: world.revokedLink, message: t('invite_revoked'), status: 410 },
			{ label: 'unknown', link: '/invite/zzzzzzzzzzzzzzzz', message: t('invite_unknown'), status: 404 },
			{ label: 'malformed', link: '/invite/pas-un-vrai-lien', message: t('invite_unknown'), status: 404 }
		];
		for (const c of CASES) {
			await test.step(c.label, async () => {
				await page.goto(c.link);
				await expect(page.locator('main p.form-error[role=alert]')).toHaveText(c.message);
				await expect(page.locator('main form'), 'no form to fill').toHaveCount(0);
				await expect(page.getByRole('link', { name: t('invite_have_account') })).toHaveAttribute('href', '/login');
				// Sending the join form anyway (a stale page, a script) is refused with the same words.
				const res = await page.request.post(c.link, {
					form: { firstName: 'Intrus', pin: '1357', pinConfirm: '1357' },
					headers: { origin: world.baseURL, accept: 'text/html' },
					maxRedirects: 0
				});
				expect(res.status(), `${c.label}: POST is refused`).toBe(c.status);
				expect(await res.text()).toContain(c.message);
			});
		}
		expect(await probe.hasSession(), 'no session was opened').toBe(false);
		expect(await people(), 'nobody joined the cohort').toEqual(before);
		expect(before).not.toContain('Intrus');
	} finally {
		await probe.close();
	}
});

test('what a person types or picks before the page’s scripts arrive is kept when they do', async ({ page }) => {
	// Hold the app's scripts back, as a slow phone network does, and count what was held.
	// (Routing also turns the browser's cache off, so every page asks for its scripts again.)
	let scriptsArrive = Promise.resolve();
	let release = () => {};
	let held = 0;
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		held++;
		await scriptsArrive;
		await route.continue();
	});
	const typeThenHydrate = async (path: string, type: () => Promise<void>) => {
		scriptsArrive = new Promise<void>((resolve) => (release = resolve));
		held = 0;
		await page.goto(path, { waitUntil: 'domcontentloaded' });
		await type();
		expect(held, 'the scripts were held back while typing').toBeGreaterThan(0);
		release();
		await hydrated(page);
	};

	await test.step('the participant login form', async () => {
		const form = page.locator('form[action="?/participant"]');
		await typeThenHydrate('/login', async () => {
			await form.getByLabel(t('field_first_name'), { exact: true }).fill('Fatima');
			await form.getByLabel(t('field_cohort_code'), { exact: true }).fill('DEMO26');
			await form.getByLabel(t('field_pin'), { exact: true }).fill('1234');
		});
		await expect(form.getByLabel(t('field_first_name'), { exact: true })).toHaveValue('Fatima');
		await expect(form.getByLabel(t('field_cohort_code'), { exact: true })).toHaveValue('DEMO26');
		await expect(form.getByLabel(t('field_pin'), { exact: true })).toHaveValue('1234');
	});

	await test.step('a block editor: select, number, time, text area and check boxes', async () => {
		await page.context().addCookies(world.cookies.facilitator);
		const form = page.locator('form[action="?/addBlock"]');
		await typeThenHydrate(`/programmes/${world.programmeId}`, async () => {
			await form.getByLabel(t('field_kind'), { exact: true }).selectOption('informal');
			await form.getByLabel(t('field_title'), { exact: true }).fill('Salon de thé');
			await form.getByLabel(t('field_day'), { exact: true }).fill('3');
			await form.getByLabel(t('field_start_time'), { exact: true }).fill('15:30');
			await form.getByLabel(t('field_objectives'), { exact: true }).fill('Se retrouver entre pairs.');
			await form.getByLabel(t('field_optional'), { exact: true }).check();
			await form.getByLabel(t('skill_use_chat'), { exact: true }).check();
		});
		await expect(form.getByLabel(t('field_kind'), { exact: true })).toHaveValue('informal');
		await expect(form.getByLabel(t('field_title'), { exact: true })).toHaveValue('Salon de thé');
		await expect(form.getByLabel(t('field_day'), { exact: true })).toHaveValue('3');
		await expect(form.getByLabel(t('field_start_time'), { exact: true })).toHaveValue('15:30');
		await expect(form.getByLabel(t('field_objectives'), { exact: true })).toHaveValue('Se retrouver entre pairs.');
		await expect(form.getByLabel(t('field_optional'), { exact: true })).toBeChecked();
		await expect(form.getByLabel(t('skill_use_chat'), { exact: true })).toBeChecked();
	});

	await test.step('a file chosen on the hand-in page is listed, then sent', async () => {
		await page.context().addCookies(world.cookies.member);
		await typeThenHydrate(`/me/assignments/${world.assignmentId}`, async () => {
			await page
				.locator('input#files')
				.setInputFiles({ name: 'mon-cv.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
		});
		await expect(
			page.getByRole('list', { name: t('assignment_files_chosen') }).locator('li[data-ready=true]')
		).toContainText('mon-cv.pdf');
		await page.getByRole('button', { name: t('assignment_send') }).click();
		await expect(page.getByText(t('assignment_sent'))).toBeVisible();
	});
});

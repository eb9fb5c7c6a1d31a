import type { Db } from '#lib/server/db/index.ts';
import type { Modality } from '#lib/server/db/schema.ts';
import { requireInsightsViewer, type Actor } from '#lib/server/auth/policy.ts';
import { notFound } from '#lib/server/http/errors.ts';
import { forgetRolledPeople, loadFacts, type CohortFacts, type Facts, type PersonFacts } from './facts.ts';
import {
	caseMix,
	caseMixCounts,
	caseMixDifferences,
	caseMixFromCounts,
	cohortTable,
	differences,
	groupFigures,
	meanSamples,
	rawFigures,
	sessionsWithoutRegisterOf,
	successModel,
	type CaseMixCounts,
	type CohortRow,
	type Figure,
	type GroupFigures,
	type Raw,
	type SuccessModel
} from './figures.ts';

/** Which cohorts a group holds: every filter left empty means "all". */
export interface GroupFilter {
	year: number | null;
	modality: Modality | null;
	programmeId: string | null;
	cohortId: string | null;
}
export const NO_FILTER: GroupFilter = { year: null, modality: null, programmeId: null, cohortId: null };

const matches = (c: CohortFacts, f: GroupFilter) =>
	(f.year === null || c.year === f.year) &&
	(f.modality === null || c.modality === f.modality) &&
	(f.programmeId === null || c.programmeId === f.programmeId) &&
	(f.cohortId === null || c.id === f.cohortId);

/** The cohorts a filter keeps, and their people in the same order as `facts.people`. */
function select(facts: Facts, filter: GroupFilter) {
	const cohorts: CohortFacts[] = [];
	const groups: PersonFacts[][] = [];
	const tokens: (string | null)[] = [];
	const people: PersonFacts[] = [];
	for (const [i, c] of facts.cohorts.entries()) {
		if (!matches(c, filter)) continue;
		cohorts.push(c);
		groups.push(facts.groups[i]);
		tokens.push(facts.tokens[i]);
		for (const p of facts.groups[i]) people.push(p);
	}
	return { cohorts, groups, tokens, people };
}

export interface InsightsView {
	/** What the filters can offer (years, programmes present in scope). */
	options: { years: number[]; programmes: { id: string; title: string }[]; cohorts: { id: string; name: string }[] };
	/** The organisation's whole data or only the facilitator's cohorts. */
	scope: 'organisation' | 'own_cohorts';
	table: { rows: CohortRow[]; total: GroupFigures };
	/** The two groups side by side, when asked for. */
	comparison: {
		a: GroupFigures & { caseMix: Figure[] };
		b: GroupFigures & { caseMix: Figure[] };
		differences: ReturnType<typeof differences>;
		caseMixDifferences: ReturnType<typeof caseMixDifferences>;
	} | null;
	caseMix: Figure[];
	/** Over the whole organisation, for facilitators too (aggregates only). */
	model: SuccessModel;
}

/**
 * The director's page: every cohort in scope (filtered), its total, two groups side by side, case mix
 * and the success-factor model. Nothing here names or singles out a person.
 *
 * What it computed is kept (in this process) under the exact inputs it computed it from: the cohorts' facts
 * and, per cohort, the refresh id of the rollup its people come from (new at every refresh, migration 0018)
 * or, for people computed from the raw rows, those people themselves. Any write that changes a figure
 * refreshes a rollup in its transaction, and a rollup that no longer holds at `now` is not read (the raw
 * rows are): so a kept view is served only while every one of its inputs is the same, whichever app instance
 * wrote, and is then the very object a fresh computation would give (insights-cache.db.test.ts).
 */
export async function insightsView(
	db: Db,
	actor: Actor,
	filter: GroupFilter,
	compare: { a: GroupFilter; b: GroupFilter } | null,
	now: number
): Promise<InsightsView> {
	const { ownCohortsOf } = requireInsightsViewer(actor);
	const facts = await loadFacts(db, { organisationId: actor.organisation_id, facilitatorId: ownCohortsOf }, now);
	// The model learns from the whole organisation (issue 13: facilitators see it for the organisation too).
	const orgFacts = ownCohortsOf
		? await loadFacts(db, { organisationId: actor.organisation_id, facilitatorId: null }, now)
		: facts;
	const modelInputs = modelKey(orgFacts);
	const fingerprint = `${factsKey(facts)}\n#model\n${modelInputs}`;
	const scopeKey = `${actor.organisation_id}|${ownCohortsOf ?? ''}`;
	let memo = views.get(scopeKey);
	if (!memo || memo.fingerprint !== fingerprint) {
		memo = { fingerprint, views: new Map() };
		remember(views, scopeKey, memo, KEPT_SCOPES);
	}
	const viewKey = JSON.stringify([filter, compare]);
	const kept = memo.views.get(viewKey);
	if (kept) return kept;
	const view = deepFreeze(computeView(facts, orgFacts, modelInputs, ownCohortsOf, filter, compare));
	remember(memo.views, viewKey, view, KEPT_VIEWS);
	return view;
}

function computeView(
	facts: Facts,
	orgFacts: Facts,
	modelInputs: string,
	ownCohortsOf: string | null,
	filter: GroupFilter,
	compare: { a: GroupFilter; b: GroupFilter } | null
): InsightsView {
	const shown = select(facts, filter);
	let comparison: InsightsView['comparison'] = null;
	if (compare) {
		const ga = select(facts, compare.a);
		const gb = select(facts, compare.b);
		const a = { ...groupFigures(ga.cohorts, ga.people), caseMix: caseMix(ga.people) };
		const b = { ...groupFigures(gb.cohorts, gb.people), caseMix: caseMix(gb.people) };
		const samples = { a: meanSamples(ga.people), b: meanSamples(gb.people) };
		comparison = {
			a,
			b,
			differences: differences(a, b, samples),
			caseMixDifferences: caseMixDifferences(a.caseMix, b.caseMix)
		};
	}
	const programmes = new Map<string, string>();
	for (const c of facts.cohorts) if (c.programmeId) programmes.set(c.programmeId, c.programmeTitle ?? '');
	// Each cohort's own figures depend on its people and its threshold only: kept per cohort and refresh id.
	const thresholds = new Map(shown.cohorts.map((c) => [c.id, c.thresholdPercent]));
	const withoutRegister = sessionsWithoutRegisterOf(shown.cohorts);
	const rawOf = (c: CohortFacts, i: number): Raw[] => {
		const token = shown.tokens[i];
		const key = `${token}|${c.thresholdPercent}|${c.sessionsWithoutRegister}`;
		const known = token === null ? undefined : cohortFigures.get(c.id);
		if (known && known.key === key) return known.raw;
		const raw = rawFigures(shown.groups[i], thresholds, withoutRegister);
		if (token !== null) remember(cohortFigures, c.id, { key, raw }, KEPT_COHORTS);
		return raw;
	};
	return {
		options: {
			years: [...new Set(facts.cohorts.map((c) => c.year))].sort((x, y) => y - x),
			programmes: [...programmes].map(([id, title]) => ({ id, title })).sort((x, y) => x.title.localeCompare(y.title)),
			cohorts: facts.cohorts.map((c) => ({ id: c.id, name: c.name }))
		},
		scope: ownCohortsOf ? 'own_cohorts' : 'organisation',
		table: cohortTable(shown.cohorts, shown.people, rawOf),
		comparison,
		// Whole numbers per cohort, kept per refresh id and added up: the same figures as one pass over everyone.
		caseMix: caseMixFromCounts(
			...shown.cohorts.map((c, i) => {
				const token = shown.tokens[i];
				const known = token === null ? undefined : cohortCaseMix.get(c.id);
				if (known && known.token === token) return known.counts;
				const counts = caseMixCounts(shown.groups[i]);
				if (token !== null) remember(cohortCaseMix, c.id, { token, counts }, KEPT_COHORTS);
				return counts;
			})
		),
		model: organisationModel(orgFacts, modelInputs)
	};
}

// ——— What is kept between requests (see insightsView) ———

const KEPT_SCOPES = 16;
const KEPT_VIEWS = 32;
const KEPT_COHORTS = 50_000;
const KEPT_MODELS = 16;
const views = new Map<string, { fingerprint: string; views: Map<string, InsightsView> }>();
const cohortFigures = new Map<string, { key: string; raw: Raw[] }>();
const models = new Map<string, SuccessModel>();
const cohortCaseMix = new Map<string, { token: string; counts: CaseMixCounts }>();

/** Forgets everything kept (the bench's "nothing kept" runs; a fresh process). */
export function forgetKeptFigures(): void {
	views.clear();
	cohortFigures.clear();
	cohortCaseMix.clear();
	models.clear();
	forgetRolledPeople();
}

/** Sets `key`, the most recent last; the oldest goes beyond `limit`. */
function remember<K, V>(map: Map<K, V>, key: K, value: V, limit: number) {
	map.delete(key);
	map.set(key, value);
	if (map.size > limit) map.delete(map.keys().next().value!);
}

/** What one cohort's people are: its rollup's refresh id, or (computed from the raw rows) the people themselves. */
const peopleKey = (facts: Facts, i: number) =>
	facts.tokens[i] === null ? `raw:${JSON.stringify(facts.groups[i])}` : `rollup:${facts.tokens[i]}`;

/** Every input of the figures: the cohorts' own facts, and what each one's people are. */
function factsKey(facts: Facts): string {
	return `${JSON.stringify(facts.cohorts)}\n${facts.cohorts.map((_, i) => peopleKey(facts, i)).join('\n')}`;
}

/**
 * Every input of the model: the people it reads (those whose +6 months checkpoint is due; the others are
 * skipped before anything else) come from these cohorts, in this order, with these modalities.
 */
function modelKey(facts: Facts): string {
	const lines: string[] = [];
	for (const [i, c] of facts.cohorts.entries()) {
		if (facts.groups[i].some((p) => p.outcomes.m6 !== 'not_due'))
			lines.push(`${c.id}|${c.modality}|${peopleKey(facts, i)}`);
	}
	return lines.join('\n');
}

/** The model over the whole organisation, fitted again only when its inputs changed. */
function organisationModel(orgFacts: Facts, inputs: string): SuccessModel {
	const known = models.get(inputs);
	if (known) return known;
	const model = deepFreeze(successModel(orgFacts.cohorts, orgFacts.people));
	remember(models, inputs, model, KEPT_MODELS);
	return model;
}

/** Kept views are shared between requests: frozen, so no caller can change one another reads. */
function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const v of Object.values(value)) deepFreeze(v);
	}
	return value;
}

/** Cohorts per page of the table (2,000 rows would make a page nobody reads, and a heavy one). */
export const PAGE_SIZE = 50;

/**
 * One page of the cohorts table: its rows (and so its chart points) only; the total, the comparison, the case
 * mix and the model stay those of every cohort the filter keeps. A page past the last one shows the last.
 */
export function pageOf(view: InsightsView, page: number, size = PAGE_SIZE) {
	const rowCount = view.table.rows.length;
	const count = Math.max(1, Math.ceil(rowCount / size));
	const number = Math.min(Math.max(1, page), count);
	return {
		...view,
		table: { rows: view.table.rows.slice((number - 1) * size, number * size), total: view.table.total },
		page: { number, count, size, rowCount }
	};
}

/** One cohort's end-of-action report ("bilan") for funders: its figures and case mix, aggregates only. */
export async function cohortBilan(db: Db, actor: Actor, cohortId: string, now: number) {
	const { ownCohortsOf } = requireInsightsViewer(actor);
	const facts = await loadFacts(db, { organisationId: actor.organisation_id, facilitatorId: ownCohortsOf }, now);
	const cohort = facts.cohorts.find((c) => c.id === cohortId);
	if (!cohort) throw notFound(`cohort ${cohortId} in the insights scope of ${actor.id}`);
	const people = facts.people.filter((p) => p.cohortId === cohortId);
	return {
		cohort: {
			id: cohort.id,
			name: cohort.name,
			modality: cohort.modality,
			programmeTitle: cohort.programmeTitle,
			startDate: cohort.startDate,
			endDate: cohort.endDate,
			thresholdPercent: cohort.thresholdPercent
		},
		figures: groupFigures([cohort], people),
		caseMix: caseMix(people)
	};
}

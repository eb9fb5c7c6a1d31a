import type { Db } from '#lib/server/db/index.ts';
import type { Modality } from '#lib/server/db/schema.ts';
import { requireInsightsViewer, type Actor } from '#lib/server/auth/policy.ts';
import { notFound } from '#lib/server/http/errors.ts';
import { loadFacts, type CohortFacts, type PersonFacts } from './facts.ts';
import {
	caseMix,
	caseMixDifferences,
	cohortTable,
	differences,
	groupFigures,
	meanSamples,
	successModel,
	type CohortRow,
	type Figure,
	type GroupFigures,
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

function select(facts: { cohorts: CohortFacts[]; people: PersonFacts[] }, filter: GroupFilter) {
	const cohorts = facts.cohorts.filter((c) => matches(c, filter));
	const ids = new Set(cohorts.map((c) => c.id));
	return { cohorts, people: facts.people.filter((p) => ids.has(p.cohortId)) };
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
	return {
		options: {
			years: [...new Set(facts.cohorts.map((c) => c.year))].sort((x, y) => y - x),
			programmes: [...programmes].map(([id, title]) => ({ id, title })).sort((x, y) => x.title.localeCompare(y.title)),
			cohorts: facts.cohorts.map((c) => ({ id: c.id, name: c.name }))
		},
		scope: ownCohortsOf ? 'own_cohorts' : 'organisation',
		table: cohortTable(shown.cohorts, shown.people),
		comparison,
		caseMix: caseMix(shown.people),
		model: successModel(orgFacts.cohorts, orgFacts.people)
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

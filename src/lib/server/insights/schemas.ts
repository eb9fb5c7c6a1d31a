import * as v from 'valibot';
import type { GroupFilter } from './insights.ts';

/** A filter read from the page's query string (`prefix` = '' for the table, 'a_'/'b_' for the two groups). */
const filterSchema = v.object({
	year: v.nullable(v.pipe(v.string(), v.regex(/^20\d\d$/), v.transform(Number))),
	modality: v.nullable(v.picklist(['remote', 'hybrid', 'in_person'])),
	programmeId: v.nullable(v.pipe(v.string(), v.regex(/^[a-z0-9]{1,40}$/))),
	cohortId: v.nullable(v.pipe(v.string(), v.regex(/^[a-z0-9]{1,40}$/)))
});

export function parseFilter(params: URLSearchParams, prefix: string): GroupFilter | null {
	const read = (name: string) => params.get(prefix + name) || null;
	const result = v.safeParse(filterSchema, {
		year: read('year'),
		modality: read('modality'),
		programmeId: read('programme'),
		cohortId: read('cohort')
	});
	return result.success ? result.output : null;
}

/** The two groups side by side, when the query asks for them (compare=1). */
export function parseComparison(params: URLSearchParams): { a: GroupFilter; b: GroupFilter } | null | 'invalid' {
	if (params.get('compare') !== '1') return null;
	const a = parseFilter(params, 'a_');
	const b = parseFilter(params, 'b_');
	return a && b ? { a, b } : 'invalid';
}

/** The cohorts table's page (1 when absent); null when it is not a page number. */
export function parsePage(params: URLSearchParams): number | null {
	const result = v.safeParse(
		v.pipe(v.string(), v.regex(/^[1-9]\d{0,5}$/), v.transform(Number)),
		params.get('page') ?? '1'
	);
	return result.success ? result.output : null;
}

import { m } from '#lib/paraglide/messages.js';
import { caseMixLabel, formatValue, hiddenLabel, measureLabel } from '#lib/insights/labels.ts';
import type { InsightsView } from './insights.ts';
import type { Figure } from './figures.ts';
import { spreadsheetCsv } from '#lib/server/http/spreadsheet.ts';

/**
 * The figures the page shows, one line each, with the same rounding, the same "moins de 5" and "non renseigné"
 * and the sessions without a register (a French spreadsheet's CSV).
 */
export function insightsCsv(view: InsightsView): string {
	const lines: string[][] = [
		[
			'section',
			'groupe',
			'mesure_code',
			'mesure',
			'numerateur',
			'denominateur',
			'valeur',
			'ic95_bas',
			'ic95_haut',
			'seances_sans_feuille'
		]
	];
	const push = (section: string, group: string, f: Figure, label: string) => {
		// Attendance and completion: the sessions left out because no register was taken (REGISTER RULE, facts.ts).
		const withoutRegister = f.sessionsWithoutRegister === undefined ? '' : String(f.sessionsWithoutRegister);
		lines.push(
			f.hidden
				? [section, group, f.key, label, '', '', hiddenLabel(f), '', '', withoutRegister]
				: [
						section,
						group,
						f.key,
						label,
						f.numerator === null ? '' : String(f.numerator),
						f.denominator === null ? '' : String(f.denominator),
						formatValue(f, f.value),
						f.low === null ? '' : formatValue(f, f.low),
						f.high === null ? '' : formatValue(f, f.high),
						withoutRegister
					]
		);
	};
	for (const row of view.table.rows) for (const f of row.figures) push('groupe', row.name, f, measureLabel(f.key));
	for (const f of view.table.total.figures) push('ensemble', m.insights_total(), f, measureLabel(f.key));
	if (view.comparison) {
		for (const [name, group] of [
			['A', view.comparison.a],
			['B', view.comparison.b]
		] as const) {
			for (const f of group.figures) push('comparaison', name, f, measureLabel(f.key));
			for (const f of group.caseMix) push('public', name, f, caseMixLabel(f.key));
		}
	}
	return spreadsheetCsv(lines);
}

import { formatDate } from '#lib/format.ts';
import { m } from '#lib/paraglide/messages.js';
import { bandLabel, situationLabel, sourceLabel } from './labels.ts';

/** What a form action of the outcomes page sent back: which form, saved or refused, what was typed. */
export interface OutcomesForm {
	form?: string;
	saved?: boolean;
	closed?: boolean;
	values?: unknown;
	errors?: Record<string, string | undefined>;
}

/** Reads the page's `form` for one of its many forms (each named after its kind, checkpoint and person). */
export function formState(form: OutcomesForm | null | undefined) {
	const failure = (name: string) => (form?.form === name && !form.saved ? form : undefined);
	return {
		failure,
		saved: (name: string) => form?.form === name && !!form.saved,
		closed: () => !!form?.closed,
		/** What the person typed when the form was refused, else the current value. */
		typed: (name: string, key: string, fallback: string) => {
			const f = failure(name);
			return f ? String((f.values as Record<string, unknown> | undefined)?.[key] ?? '') : fallback;
		},
		errorsOf: (name: string) => failure(name)?.errors ?? {}
	};
}

export const windowText = (w: { state: string; opensOn: string; closesOn: string; lastOpenOn: string }) =>
	w.state === 'not_yet'
		? m.outcome_window_not_yet({ date: formatDate(w.opensOn) })
		: w.state === 'open'
			? m.outcome_window_open({ date: formatDate(w.lastOpenOn) })
			: m.outcome_window_closed({ date: formatDate(w.closesOn) });

export const recordText = (r: { situation: string; contract_band: string | null; source: string } | null) =>
	r
		? `${situationLabel(r.situation)}${r.contract_band ? ` (${bandLabel(r.contract_band)})` : ''} — ${sourceLabel(r.source)}`
		: m.outcome_followup_todo();

/**
 * What a form action sent back for one form: a refusal (what was typed, errors by field) or `saved`. A form
 * component given the values to show (a saved row, or what was typed) passes `{ values, errors }`.
 */
export interface FormAnswer {
	saved?: boolean;
	values?: unknown;
	errors?: Record<string, string | undefined>;
}

/**
 * The props every `Field` of one form takes the same way: the form's id prefix, the field's name, its value —
 * what the person typed when the form was refused, otherwise `fallback` (what is saved, or the form's default) —
 * and its error. `<Field {...field('date', today)} label={…} type="date" />`.
 */
export function fieldsOf(form: string, answer: FormAnswer | null | undefined) {
	const typed = answer && !answer.saved ? (answer.values as Record<string, unknown> | undefined) : undefined;
	return (name: string, fallback: string | number | null = '') => ({
		form,
		name,
		value: typed ? String(typed[name] ?? '') : String(fallback ?? ''),
		error: answer?.errors?.[name]
	});
}

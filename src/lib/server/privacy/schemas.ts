import * as v from 'valibot';
import { id, isoDate } from '#lib/server/http/validation.ts';

/** An optional field of a GET filter: empty (not sent, or "anyone") or what `schema` accepts. */
const blankOr = <S extends v.GenericSchema<string, string>>(
	schema: S,
	message: 'form_invalid_choice' | 'form_invalid_date'
) =>
	v.pipe(
		v.optional(v.string('form_invalid_type'), ''),
		v.trim(),
		v.check((s) => s === '' || v.safeParse(schema, s).success, message)
	);

/** The audit log's filters, read from the page's address (?person=&actor=&from=&to=&page=). */
export const auditLogFilterSchema = v.pipe(
	v.object({
		person: blankOr(id, 'form_invalid_choice'),
		actor: blankOr(id, 'form_invalid_choice'),
		from: blankOr(isoDate, 'form_invalid_date'),
		to: blankOr(isoDate, 'form_invalid_date'),
		page: v.pipe(
			v.optional(v.string('form_invalid_type'), ''),
			v.trim(),
			v.regex(/^\d{0,6}$/, 'form_invalid_number'),
			v.transform((s) => Math.max(1, Number(s || 1)))
		)
	}),
	v.forward(
		v.check((f) => !f.from || !f.to || f.from <= f.to, 'orgadmin_audit_dates_order'),
		['to']
	)
);

export type AuditLogFilter = v.InferOutput<typeof auditLogFilterSchema>;

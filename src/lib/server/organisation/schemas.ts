import * as v from 'valibot';
import { integer, requiredText } from '#lib/server/http/validation.ts';

/** Whether this runtime knows the IANA time zone (its dates and hours are computed with Intl). */
export function isTimeZone(zone: string): boolean {
	if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
	try {
		new Intl.DateTimeFormat('fr', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

export const organisationSettingsSchema = v.object({
	name: requiredText(80),
	// Stored as Intl spells it ('europe/paris' → 'Europe/Paris').
	timeZone: v.pipe(
		requiredText(64),
		v.check(isTimeZone, 'orgadmin_time_zone_unknown'),
		v.transform((zone) => new Intl.DateTimeFormat('fr', { timeZone: zone }).resolvedOptions().timeZone)
	),
	thresholdPercent: integer(0, 100),
	lateAfterMinutes: integer(0, 120)
});

export type OrganisationSettingsInput = v.InferOutput<typeof organisationSettingsSchema>;

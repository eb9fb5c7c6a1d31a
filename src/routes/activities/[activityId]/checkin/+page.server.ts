import QRCode from 'qrcode';
import { issueCheckinCode } from '#lib/server/attendance/checkin.ts';
import { attendanceSheet } from '#lib/server/attendance/attendance.ts';
import { loadData, requireActor } from '#lib/server/http/route.ts';
import type { PageServerLoad } from './$types';

/** The facilitator's check-in screen: each load shows a new code (the page reloads it every 30 s). */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const { activityId } = event.params;
	const sheet = await loadData(() => attendanceSheet(event.locals.db, actor, activityId));
	const issued = await loadData(() => issueCheckinCode(event.locals.db, actor, activityId));
	const link = `${event.url.origin}/checkin/${activityId}/${issued.code}`;
	return {
		activity: sheet.activity,
		cohort: sheet.cohort,
		timeZone: sheet.timeZone,
		inRoom: sheet.lines.filter((l) => l.mode === 'in_person' && l.status !== null).length,
		participants: sheet.lines.length,
		link,
		qrSvg: await QRCode.toString(link, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }),
		rotateAt: issued.rotateAt,
		issuedNow: issued.issuedAt
	};
};

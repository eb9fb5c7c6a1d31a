import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as liveRooms from './0002-live-rooms.ts';
import * as assignments from './0003-assignments.ts';
import * as feed from './0004-feed.ts';
import * as notifications from './0005-notifications.ts';
import * as privacy from './0006-privacy.ts';
import * as autonomy from './0007-autonomy.ts';
import * as skills from './0008-skills.ts';
import * as moments from './0009-moments.ts';
import * as charter from './0010-charter.ts';
import * as pushLocale from './0011-push-locale.ts';
import * as outcomes from './0012-outcomes.ts';
import * as outcomeCurrent from './0014-outcome-current.ts';
import * as everyday from './0016-everyday.ts';
import * as insightsRollups from './0017-insights-rollups.ts';
import * as insightsRefreshId from './0018-insights-refresh-id.ts';
import * as checkin from './0019-checkin.ts';
import * as polls from './0020-polls.ts';
import * as insightsRegister from './0021-insights-register.ts';
import * as notes from './0022-notes.ts';
import * as breakoutBoard from './0023-breakout-board.ts';
import * as jobLease from './0024-job-lease.ts';
import * as participation from './0025-participation.ts';
import * as presenceSid from './0026-presence-sid.ts';
import * as insightsPending from './0027-insights-pending.ts';
import * as organisationSettings from './0028-organisation-settings.ts';
import * as programmeBlocks from './0029-programme-blocks.ts';
import * as assignmentWaiver from './0030-assignment-waiver.ts';
import * as blockDocument from './0031-block-document.ts';

/** Every migration, in order. Imported statically so the built server carries them. */
export const migrations: Record<string, Migration> = {
	'0001-foundation': foundation,
	'0002-live-rooms': liveRooms,
	'0003-assignments': assignments,
	'0004-feed': feed,
	'0005-notifications': notifications,
	'0006-privacy': privacy,
	'0007-autonomy': autonomy,
	'0008-skills': skills,
	'0009-moments': moments,
	'0010-charter': charter,
	'0011-push-locale': pushLocale,
	'0012-outcomes': outcomes,
	'0014-outcome-current': outcomeCurrent,
	'0016-everyday': everyday,
	'0017-insights-rollups': insightsRollups,
	'0018-insights-refresh-id': insightsRefreshId,
	'0019-checkin': checkin,
	'0020-polls': polls,
	'0021-insights-register': insightsRegister,
	'0022-notes': notes,
	'0023-breakout-board': breakoutBoard,
	'0024-job-lease': jobLease,
	'0025-participation': participation,
	'0026-presence-sid': presenceSid,
	'0027-insights-pending': insightsPending,
	'0028-organisation-settings': organisationSettings,
	'0029-programme-blocks': programmeBlocks,
	'0030-assignment-waiver': assignmentWaiver,
	'0031-block-document': blockDocument
};

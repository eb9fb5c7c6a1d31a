import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AttendanceMode } from '#lib/room/contract.ts';
import type { EvidenceSource, SkillLevel } from '#lib/skills/contract.ts';

export type { AttendanceMode, EvidenceSource, SkillLevel };
import type { AssignmentTables } from './schema-assignments.ts';
import type { FeedTables } from './schema-feed.ts';
import type { CharterTables } from './schema-charter.ts';
import type { AutonomyTables } from './schema-autonomy.ts';
import type { SkillsTables } from './schema-skills.ts';
import type { MomentTables } from './schema-moments.ts';
import type { PrivacyTables } from './schema-privacy.ts';
import type { OutcomeTables } from './schema-outcomes.ts';
import type { InsightsTables } from './schema-insights.ts';
import type { PollTables } from './schema-polls.ts';
import type { ParticipationTables } from './schema-participation.ts';
import type { NotesTables } from './schema-notes.ts';
import type { BreakoutBoardTables } from './schema-breakouts.ts';

/**
 * One schema for SQLite and PostgreSQL. Portable choices:
 * - ids are app-generated text (see `newId`), so no dialect-specific auto-increment;
 * - instants are epoch milliseconds (bigint in PG, parsed back to number);
 * - calendar days are 'YYYY-MM-DD' text; booleans are 0/1 integers.
 */
export type Role = 'admin' | 'director' | 'facilitator' | 'participant';
export type BlockKind = 'live' | 'in_person' | 'async' | 'informal';
export type Modality = 'remote' | 'hybrid' | 'in_person';
export type MemberRole = 'facilitator' | 'participant';
export type DigCompArea = 'information' | 'communication' | 'content' | 'safety' | 'problem_solving';

export interface OrganisationTable {
	id: string;
	name: string;
	time_zone: string;
	/** Present = attended at least this share of a session; the director's completion uses it too (0028, default 85). */
	attendance_threshold_percent: Generated<number>;
	/** An arrival more than this many minutes after the start is late (0028, default 10). */
	late_after_minutes: Generated<number>;
	created_at: number;
}

export interface UserTable {
	id: string;
	organisation_id: string;
	role: Role;
	first_name: string;
	last_name: string | null;
	/** Staff only; unique lower-case e-mail. */
	email: string | null;
	password_hash: string | null;
	/** Participants only. */
	pin_hash: string | null;
	/** Set when a facilitator or an admin reset the PIN: the code given is single-use, changed at the next login (0016). */
	pin_reset_at: number | null;
	disabled_at: number | null;
	created_at: number;
}

export interface SessionTable {
	/** SHA-256 (hex) of the token held in the cookie. */
	id: string;
	user_id: string;
	expires_at: number;
	created_at: number;
}

export interface LoginThrottleTable {
	/** 'account:<userId>' or 'ip:<address>'. */
	key: string;
	failures: number;
	window_started_at: number;
	locked_until: number | null;
}

export interface InviteTable {
	id: string;
	cohort_id: string;
	token_hash: string;
	max_uses: number;
	uses: number;
	expires_at: number;
	created_by: string;
	created_at: number;
	revoked_at: number | null;
	/** The plain token while the invite may still be used, so its link and QR code can be shown again (migration 0029). */
	token: string | null;
}

export interface DigitalSkillTable {
	id: string;
	area: DigCompArea;
	/** DigComp 2.2 competence reference, e.g. '2.1'. */
	digcomp_ref: string;
	position: number;
}

export interface ProgrammeTable {
	id: string;
	organisation_id: string;
	title: string;
	description: string;
	/** Follow-up checkpoints, in days after the cohort's end date (0012, defaults 91 and 182). */
	follow_up_m3_days: Generated<number>;
	follow_up_m6_days: Generated<number>;
	/** How long a checkpoint stays open for an answer before it closes as "sans nouvelles" (default 30). */
	follow_up_window_days: Generated<number>;
	created_by: string;
	created_at: number;
	updated_at: number;
}

export interface ProgrammeBlockTable {
	id: string;
	programme_id: string;
	position: number;
	kind: BlockKind;
	title: string;
	day_offset: number;
	/** Local wall-clock time 'HH:MM' in the organisation's time zone. */
	start_time: string;
	duration_minutes: number;
	objectives: string;
	optional: number;
	/** Async blocks: the work each new cohort's assignment starts from (migration 0029); '' = the objectives stand in. */
	instructions: Generated<string>;
	link: string | null;
	/** Async blocks: days after the block's day the work is due, at the block's end time. */
	due_offset_days: Generated<number>;
	/** Async blocks: a document each new cohort's assignment gets a copy of (migration 0031); null: none. */
	attachment_id: string | null;
	attachment_name: string | null;
	attachment_mime: string | null;
	attachment_size: number | null;
	attachment_sha256: string | null;
}

export interface ProgrammeBlockSkillTable {
	block_id: string;
	skill_id: string;
}

export interface CohortTable {
	id: string;
	organisation_id: string;
	programme_id: string | null;
	name: string;
	/** Short code participants type to come back with their PIN. */
	code: string;
	start_date: string;
	end_date: string;
	modality: Modality;
	created_by: string;
	created_at: number;
}

export interface CohortMemberTable {
	cohort_id: string;
	user_id: string;
	role: MemberRole;
	/** Lower-case, accent-free first name: the participant's login name in this cohort. */
	name_key: string | null;
	peer_ambassador: number;
	joined_at: number;
}

export interface ActivityTable {
	id: string;
	cohort_id: string;
	block_id: string | null;
	kind: BlockKind;
	title: string;
	starts_at: number;
	duration_minutes: number;
	objectives: string;
	optional: number;
	room_name: string | null;
	/** Where an in-person activity happens, shown to participants (0016; '' when not said). */
	place: Generated<string>;
	/** What to do when the video is unavailable: a number to call, another link, "en salle" (0016; '' = nothing set). */
	fallback: Generated<string>;
	cancelled_at: number | null;
	created_at: number;
	updated_at: number;
}

export interface ActivitySkillTable {
	activity_id: string;
	skill_id: string;
}

export interface AuditLogTable {
	id: string;
	at: number;
	actor_id: string | null;
	action: string;
	subject_type: string;
	subject_id: string;
	detail: string | null;
}

/** Who put a register row there: LiveKit's webhooks, a facilitator's mark, the person's QR check-in in the room (0019). */
export type AttendanceSource = 'livekit' | 'manual' | 'checkin';
export type PresenceKind = 'activity' | 'salon';

/** Append-only log of verified LiveKit webhooks. */
export interface RoomEventTable {
	/** LiveKit's event id. */
	id: string;
	event: string;
	room_name: string | null;
	participant_identity: string | null;
	created_at: number;
	received_at: number;
	body: string;
}

/** One stretch of time a person spent in a room (activity room, its breakouts, or the salon). */
export interface PresenceTable {
	id: string;
	room_name: string;
	cohort_id: string;
	activity_id: string | null;
	user_id: string;
	kind: PresenceKind;
	joined_at: number;
	/** null while the person is (believed to be) in the room. */
	left_at: number | null;
	/** Last time the server saw the person there (webhook or reconciliation): an unexplained gap ends here. */
	last_seen_at: number;
	/** LiveKit's participant sid: the one session this presence is (0026; null before, or when not given). */
	participant_sid: ColumnType<string | null, string | null | undefined, string | null>;
	/** Since when LiveKit could not say whether this session is in the room (its node died); null once seen. */
	unconfirmed_since: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface AttendanceTable {
	activity_id: string;
	user_id: string;
	mode: AttendanceMode;
	source: AttendanceSource;
	/** Time present, overlaps counted once. */
	seconds: number;
	first_joined_at: number | null;
	last_left_at: number | null;
	marked_by: string | null;
	/** A facilitator marked the person late (0016). */
	late: Generated<number>;
	/** Minutes present a facilitator wrote for an in-person or phone mark; null = the whole activity (0016). */
	marked_minutes: number | null;
	updated_at: number;
}

/** The QR code an activity's facilitator screen shows now (0019). */
export interface CheckinCodeTable {
	activity_id: string;
	code: string;
	issued_at: number;
	issued_by: string;
}

/** The last thing a room page said of itself: media mode and connection quality. */
export interface RoomReportTable {
	room_name: string;
	user_id: string;
	mode: string;
	quality: string;
	poor_reports: number;
	reports: number;
	at: number;
}

export interface BreakoutTable {
	activity_id: string;
	user_id: string;
	group_number: number;
	room_name: string;
	created_at: number;
}

export interface DeviceCheckTable {
	id: string;
	user_id: string;
	result: 'ok' | 'help';
	camera: number;
	microphone: number;
	speaker: number;
	at: number;
}

export interface SkillEvidenceTable {
	id: string;
	user_id: string;
	skill_id: string;
	level: SkillLevel;
	source: EvidenceSource;
	/** What proved it, e.g. 'device_check', 'first_room_join'. */
	event: string;
	/** The row behind it (room_event id, device_check id…). */
	event_ref: string | null;
	recorded_by: string | null;
	at: number;
}

/** A notice for one person: shown in the app, pushed to their phones. Text comes from `kind` + `params` at display time. */
export interface NotificationTable {
	id: string;
	user_id: string;
	/** e.g. 'mention', 'reminder_evening', 'reminder_soon', 'reminder_due', 'feedback', 'post'. */
	kind: string;
	/** JSON of the message parameters (names, titles, times). */
	params: string;
	/** Where tapping it leads (a same-site path). */
	href: string;
	dedupe_key: string | null;
	created_at: number;
	read_at: number | null;
	pushed_at: number | null;
}

export interface PushSubscriptionTable {
	id: string;
	user_id: string;
	endpoint: string;
	p256dh: string;
	auth: string;
	created_at: number;
	last_sent_at: number | null;
	failures: number;
	/** The language of the page the subscription was made from: the pushes' language. */
	locale: string;
}

/** A person's private calendar feed: the URL holds a token, the database its hash. */
export interface CalendarFeedTable {
	user_id: string;
	token_hash: string;
	created_at: number;
}

/** Which app instance runs a background loop, until when (migration 0024-job-lease). */
export interface JobLeaseTable {
	name: string;
	holder: string;
	expires_at: number;
	/** How many ticks have run under this lease, all holders together (a count for tests and operators). */
	runs: Generated<number>;
}

export interface Database
	extends
		AssignmentTables,
		FeedTables,
		CharterTables,
		AutonomyTables,
		SkillsTables,
		MomentTables,
		PrivacyTables,
		OutcomeTables,
		InsightsTables,
		PollTables,
		ParticipationTables,
		NotesTables,
		BreakoutBoardTables {
	organisation: OrganisationTable;
	user: UserTable;
	session: SessionTable;
	login_throttle: LoginThrottleTable;
	invite: InviteTable;
	digital_skill: DigitalSkillTable;
	programme: ProgrammeTable;
	programme_block: ProgrammeBlockTable;
	programme_block_skill: ProgrammeBlockSkillTable;
	cohort: CohortTable;
	cohort_member: CohortMemberTable;
	activity: ActivityTable;
	activity_skill: ActivitySkillTable;
	audit_log: AuditLogTable;
	room_event: RoomEventTable;
	presence: PresenceTable;
	attendance: AttendanceTable;
	checkin_code: CheckinCodeTable;
	room_report: RoomReportTable;
	breakout: BreakoutTable;
	device_check: DeviceCheckTable;
	skill_evidence: SkillEvidenceTable;
	notification: NotificationTable;
	push_subscription: PushSubscriptionTable;
	calendar_feed: CalendarFeedTable;
	job_lease: JobLeaseTable;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Session = Selectable<SessionTable>;
export type Programme = Selectable<ProgrammeTable>;
export type ProgrammeBlock = Selectable<ProgrammeBlockTable>;
export type Cohort = Selectable<CohortTable>;
export type Activity = Selectable<ActivityTable>;
export type ActivityUpdate = Updateable<ActivityTable>;
export type Invite = Selectable<InviteTable>;

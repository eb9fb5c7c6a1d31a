// The rules that read the role alone, one test each, against every role (the rows of
// tests/authz-matrix.spec.ts that every staff member or every participant shares).
import { describe, expect, it } from 'vitest';
import type { Role } from '#lib/server/db/schema.ts';
import { DomainError } from '#lib/server/http/errors.ts';
import {
	choosesFacilitators,
	isParticipant,
	isStaff,
	mayAssignFacilitators,
	mayCreateCohorts,
	mayEditProgrammes,
	membershipRole,
	requireAdmin,
	requireAuditReader,
	requireCohortCreator,
	requireFacilitatorAssigner,
	requireInsightsViewer,
	requireMemberRole,
	requireOrganisationEditor,
	requireParticipant,
	requireProgrammeEditor,
	requireProgrammeReader,
	requireRole,
	requireStaff,
	type Actor
} from './policy.ts';

const ROLES: Role[] = ['participant', 'facilitator', 'director', 'admin'];
const actor = (role: Role): Actor => ({
	id: `${role}-id`,
	organisation_id: 'org',
	role,
	first_name: role,
	last_name: null,
	email: null
});

/** The roles a rule lets through; any other gets a 403 with the generic "no access" message. */
function allowed(rule: (actor: Actor) => unknown): Role[] {
	return ROLES.filter((role) => {
		try {
			rule(actor(role));
			return true;
		} catch (e) {
			expect(e).toBeInstanceOf(DomainError);
			expect(e).toMatchObject({ status: 403, messageKey: 'error_forbidden' });
			return false;
		}
	});
}

describe('rules on the role', () => {
	it('requireParticipant: a participant’s own records (/me, goals, profile, outcomes, PIN)', () => {
		expect(allowed(requireParticipant)).toEqual(['participant']);
		expect(ROLES.filter((r) => isParticipant(actor(r)))).toEqual(['participant']);
	});

	it('requireStaff: cohort lists and a password of one’s own', () => {
		expect(allowed(requireStaff)).toEqual(['facilitator', 'director', 'admin']);
		expect(ROLES.filter((r) => isStaff(actor(r)))).toEqual(['facilitator', 'director', 'admin']);
	});

	it('requireAdmin: staff accounts', () => {
		expect(allowed(requireAdmin)).toEqual(['admin']);
	});

	it('requireOrganisationEditor: the organisation’s settings (/admin/organisation)', () => {
		expect(allowed(requireOrganisationEditor)).toEqual(['admin']);
	});

	it('requireAuditReader: the audit log (/admin/audit)', () => {
		expect(allowed(requireAuditReader)).toEqual(['admin']);
	});

	it('mayAssignFacilitators: a cohort’s facilitators are changed by the director and the admin', () => {
		expect(ROLES.filter((r) => mayAssignFacilitators(actor(r)))).toEqual(['director', 'admin']);
		expect(allowed(requireFacilitatorAssigner)).toEqual(['director', 'admin']);
	});

	it('requireCohortCreator: new cohorts (a director names their facilitators)', () => {
		expect(allowed(requireCohortCreator)).toEqual(['facilitator', 'director']);
		expect(ROLES.filter((r) => mayCreateCohorts(actor(r)))).toEqual(['facilitator', 'director']);
		expect(ROLES.filter((r) => choosesFacilitators(actor(r)))).toEqual(['director']);
	});

	it('requireProgrammeEditor / requireProgrammeReader: programmes (edit, move blocks, duplicate / read)', () => {
		expect(allowed(requireProgrammeEditor)).toEqual(['facilitator', 'admin']);
		expect(ROLES.filter((r) => mayEditProgrammes(actor(r)))).toEqual(['facilitator', 'admin']);
		expect(allowed(requireProgrammeReader)).toEqual(['facilitator', 'director', 'admin']);
	});

	it('requireMemberRole / membershipRole: facilitators and participants take part, directors and admins oversee', () => {
		expect(allowed(requireMemberRole)).toEqual(['participant', 'facilitator']);
		expect(ROLES.map((r) => membershipRole(actor(r)))).toEqual(['participant', 'facilitator', null, null]);
	});

	it('requireInsightsViewer: the figures, a facilitator’s own cohorts only', () => {
		expect(allowed((a) => requireInsightsViewer(a))).toEqual(['facilitator', 'director', 'admin']);
		expect(requireInsightsViewer(actor('facilitator')).ownCohortsOf).toBe('facilitator-id');
		expect(requireInsightsViewer(actor('director')).ownCohortsOf).toBeNull();
	});

	it('requireRole: nobody anonymous', () => {
		expect(() => requireRole(null, ...ROLES)).toThrow(DomainError);
	});
});

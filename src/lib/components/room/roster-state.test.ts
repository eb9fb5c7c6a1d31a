import { describe, expect, it } from 'vitest';
import type { RosterEntry } from '#lib/room/contract.ts';
import type { ParticipantView } from '#lib/room/participants.ts';
import { rosterState } from './roster-state.ts';

const entry = (mode: RosterEntry['mode']): RosterEntry => ({
	userId: 'u',
	firstName: 'Ana',
	role: 'participant',
	mode,
	source: mode ? 'manual' : null,
	minutes: 0,
	quality: null
});
const live = (mode: ParticipantView['mode']) => ({ mode }) as ParticipantView;

describe('hybrid roster state', () => {
	it('lets the live connection win over what was stored', () => {
		expect(rosterState(entry('absent'), live('video'))).toBe('video');
		expect(rosterState(entry('in_person'), live('low_data'))).toBe('video');
		expect(rosterState(entry(null), live('audio'))).toBe('audio');
	});

	it('shows manual marks, and stored video attendance as "elsewhere" when not connected here', () => {
		expect(rosterState(entry('phone'), undefined)).toBe('phone');
		expect(rosterState(entry('excused'), undefined)).toBe('excused');
		expect(rosterState(entry('video'), undefined)).toBe('elsewhere');
		expect(rosterState(entry(null), undefined)).toBe('unknown');
	});
});

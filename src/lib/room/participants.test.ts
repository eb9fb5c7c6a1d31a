import { describe, expect, it } from 'vitest';
import {
	handFromAttribute,
	modeFromAttribute,
	pinnedIdentity,
	raisedHands,
	roleFromMetadata,
	stageIdentity,
	type ParticipantView
} from './participants.ts';

const view = (identity: string, over: Partial<ParticipantView> = {}): ParticipantView => ({
	identity,
	name: identity,
	isLocal: false,
	role: 'participant',
	mode: 'video',
	handSince: null,
	pin: '',
	quality: 'good',
	micOn: true,
	camOn: true,
	speaking: false,
	video: undefined,
	screen: undefined,
	audio: [],
	...over
});

describe('participant views', () => {
	it('reads the role the server put in the metadata, and nothing else', () => {
		expect(roleFromMetadata('{"role":"facilitator"}')).toBe('facilitator');
		expect(roleFromMetadata('{"role":"participant"}')).toBe('participant');
		expect(roleFromMetadata('not json')).toBe('participant');
		expect(roleFromMetadata(undefined)).toBe('participant');
	});

	it('accepts only known modes and real timestamps', () => {
		expect(modeFromAttribute('audio')).toBe('audio');
		expect(modeFromAttribute('hd')).toBeNull();
		expect(handFromAttribute('')).toBeNull();
		expect(handFromAttribute('abc')).toBeNull();
		expect(handFromAttribute('1700000000000')).toBe(1700000000000);
	});

	it('lists raised hands first raised first', () => {
		const hands = raisedHands([view('a', { handSince: 30 }), view('b'), view('c', { handSince: 10 })]);
		expect(hands.map((v) => v.identity)).toEqual(['c', 'a']);
	});

	it('shows the pinned person large, else a facilitator who is not me', () => {
		const me = view('me', { isLocal: true, role: 'facilitator' });
		expect(stageIdentity([me, view('p')])).toBeNull();
		expect(stageIdentity([view('p'), view('f', { role: 'facilitator' })])).toBe('f');
		expect(stageIdentity([{ ...me, pin: 'p' }, view('p')])).toBe('p');
		// A pin set by a participant, or on someone who left, is ignored.
		expect(pinnedIdentity([view('x', { pin: 'p' }), view('p')])).toBeNull();
		expect(pinnedIdentity([{ ...me, pin: 'gone' }])).toBeNull();
	});
});

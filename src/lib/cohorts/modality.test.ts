import { describe, expect, it } from 'vitest';
import { modalityConflict, modalityOfSessions } from './modality.ts';

describe('a cohort’s modality against its sessions', () => {
	it('reads the modality the sessions make', () => {
		expect(modalityOfSessions({ live: 3, inPerson: 0 })).toBe('remote');
		expect(modalityOfSessions({ live: 0, inPerson: 2 })).toBe('in_person');
		expect(modalityOfSessions({ live: 1, inPerson: 1 })).toBe('hybrid');
		expect(modalityOfSessions({ live: 0, inPerson: 0 })).toBeNull();
	});

	it('flags a declared modality the sessions contradict, and only then', () => {
		expect(modalityConflict('remote', { live: 4, inPerson: 1 })).toBe('hybrid');
		expect(modalityConflict('hybrid', { live: 4, inPerson: 0 })).toBe('remote');
		expect(modalityConflict('in_person', { live: 1, inPerson: 0 })).toBe('remote');
		expect(modalityConflict('remote', { live: 4, inPerson: 0 })).toBeNull();
		expect(modalityConflict('hybrid', { live: 2, inPerson: 2 })).toBeNull();
		// Only async work (or everything cancelled): nothing to check against.
		expect(modalityConflict('in_person', { live: 0, inPerson: 0 })).toBeNull();
	});
});

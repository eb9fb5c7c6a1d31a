/** One row of the reference dataset (fixtures/logit-reference.json, written by bench/insights/reference-fit.py). */
export interface ReferenceRow {
	cohort: number;
	modality: string;
	presentMinutes: number;
	informalMinutes: number;
	deviceCheck: number;
	skillsGained: number;
	autonomyGain: number;
	obstacles: number;
	longOutOfWork: number;
	m6: string;
}

/** The model's factors for a reference row, in the fixture's order (the script's `factors`). */
export function referenceFactors(row: ReferenceRow, scheduledMinutes: number): number[] {
	return [
		(row.presentMinutes / scheduledMinutes) * 10,
		row.informalMinutes / 60,
		row.deviceCheck,
		row.skillsGained,
		row.autonomyGain,
		row.modality === 'remote' ? 1 : 0,
		row.modality === 'hybrid' ? 1 : 0,
		row.obstacles,
		row.longOutOfWork
	];
}

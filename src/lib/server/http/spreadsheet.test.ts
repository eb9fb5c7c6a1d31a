import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { neutralised, spreadsheetCsv } from './spreadsheet.ts';

describe('spreadsheetCsv', () => {
	it('writes a BOM, semicolons and CRLF, and quotes what needs it', () => {
		const csv = spreadsheetCsv([
			['nom', 'minutes'],
			['Zoé; « la grande »', 42],
			['Line\nbreak', null]
		]);
		expect(csv.startsWith('\uFEFFnom;minutes\r\n')).toBe(true);
		expect(parse(csv, { bom: true, delimiter: ';' })).toEqual([
			['nom', 'minutes'],
			['Zoé; « la grande »', '42'],
			['Line\nbreak', '']
		]);
	});

	it('neutralises cells a spreadsheet would run as formulas, and only those', () => {
		for (const bad of ['=HYPERLINK("http://x")', '+33 6', '-2+3', '@SUM(A1)', '\tx', '\rx'])
			expect(neutralised(bad)).toBe(`'${bad}`);
		for (const fine of ['Zoé', '42', 'a=b', ' =x', '', "'déjà"]) expect(neutralised(fine)).toBe(fine);
		const rows: string[][] = parse(spreadsheetCsv([['=1+1']]), { bom: true, delimiter: ';' });
		const [[cell]] = rows;
		expect(cell).toBe("'=1+1");
	});
});

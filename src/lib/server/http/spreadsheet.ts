import { stringify } from 'csv-stringify/sync';

/**
 * A CSV that opens as a table in LibreOffice and Excel set to French: UTF-8 with a byte-order mark
 * (or Excel reads "é" as "Ã©"), ';' between cells (',' is the French decimal mark), CRLF lines.
 * A cell that a spreadsheet would read as a formula (=, +, -, @, or a tab or carriage return first)
 * gets a leading apostrophe, the OWASP rule against CSV injection: "=HYPERLINK(…)" typed as a name
 * stays text. Numbers are written by the caller as strings; a negative number is not data here.
 */
export function spreadsheetCsv(lines: readonly (readonly (string | number | null)[])[]): string {
	return (
		'\uFEFF' +
		stringify(
			lines.map((line) => line.map((cell) => (cell === null ? '' : neutralised(String(cell))))),
			{ delimiter: ';', record_delimiter: 'windows' }
		)
	);
}

/** The text of a cell, made safe from being run as a formula. */
export function neutralised(cell: string): string {
	return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** A CSV download, never cached (it holds what only its reader may see). */
export function csvResponse(body: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
			'cache-control': 'no-store'
		}
	});
}

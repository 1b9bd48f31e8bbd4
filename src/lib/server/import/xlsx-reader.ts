/**
 * Reads the first sheet of an XLSX file into the same table the CSV reader makes, so that its rows go
 * through the same checks, with the same messages: the "line" of a problem is the sheet's row number,
 * and the file is named with its sheet («modello.xlsx, foglio Valori:3: valore: …»).
 *
 * Cells are turned into the text an Italian `;` file would hold: numbers with a decimal comma, dates
 * as yyyy-mm-dd, booleans as sì/no, a formula by the result Excel saved for it. Text loses the
 * apostrophe export put before = + - @, exactly as in CSV.
 */
// Loaded on the first XLSX upload, not with the Da aggiornare page: exceljs takes ~1 s to load on this
// hardware, and a static import made the first director of the day who opened the page wait for it,
// with every other request behind him on the server's one thread.
import type ExcelJS from 'exceljs';
import { checkHeader, type CsvRecord, type CsvTable } from '../../interchange/csv-reader';
import { normalizeHeader } from '../../interchange/dialect';
import { italianNumber } from '../../interchange/entry-template';
import type { FileFormat } from '../../interchange/formats';
import { removeFormulaGuard } from '../../interchange/formula-guard';
import type { ProblemList } from '../../interchange/problems';

/** A zip can hold far more than it weighs: refuse what would unpack past this before unpacking it. */
export const MAX_XLSX_UNPACKED_BYTES = 50 * 1024 * 1024;
export const MAX_XLSX_ROWS = 20_000;

/** By its bytes, not its name: a zip's local header, PK\3\4 (a CSV is never one). */
export function looksLikeXlsx(bytes: Uint8Array): boolean {
	return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export async function readXlsx(file: string, bytes: Uint8Array, format: FileFormat, problems: ProblemList): Promise<CsvTable | null> {
	const unpacked = unpackedSize(bytes);
	if (unpacked === null) {
		problems.error(file, 0, null, 'il file non è un foglio Excel (.xlsx) leggibile');
		return null;
	}
	if (unpacked > MAX_XLSX_UNPACKED_BYTES) {
		problems.error(file, 0, null, `file troppo grande una volta decompresso (${Math.round(unpacked / 1024 / 1024)} MB; al massimo ${MAX_XLSX_UNPACKED_BYTES / 1024 / 1024} MB)`);
		return null;
	}
	const { default: Excel } = await import('exceljs');
	const workbook = new Excel.Workbook();
	try {
		await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
	} catch {
		problems.error(file, 0, null, 'il file non è un foglio Excel (.xlsx) leggibile');
		return null;
	}
	const sheet = workbook.worksheets.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden') ?? workbook.worksheets[0];
	if (!sheet) {
		problems.error(file, 0, null, 'il file non ha fogli');
		return null;
	}
	const place = `${file}, foglio ${sheet.name}`;
	if (sheet.rowCount > MAX_XLSX_ROWS + 1) {
		problems.error(place, 0, null, `troppe righe (${sheet.rowCount}; al massimo ${MAX_XLSX_ROWS})`);
		return null;
	}

	let header: string[] | null = null;
	let columnIndex: Array<string | null> = [];
	const records: CsvRecord[] = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		const texts: string[] = [];
		const width = header ? Math.max(header.length, row.cellCount) : row.cellCount;
		for (let c = 1; c <= width; c++) texts.push(cellText(row.getCell(c), place, rowNumber, header?.[c - 1] ?? null, problems));
		if (texts.every((t) => t.trim() === '')) return; // a row of empty cells, as a blank CSV line
		if (header === null) {
			header = texts.map(normalizeHeader);
			// Trailing empty header cells are no columns.
			while (header.length > 0 && header[header.length - 1] === '') header.pop();
			columnIndex = checkHeader(place, header, format, problems);
			return;
		}
		const extra = texts.slice(header.length).findIndex((t) => t.trim() !== '');
		if (extra >= 0) {
			problems.error(place, rowNumber, null, `la cella ${columnLetter(header.length + extra + 1)}${rowNumber} è fuori dalle colonne dell’intestazione`);
			return;
		}
		const values: Record<string, string> = {};
		for (let i = 0; i < header.length; i++) {
			const name = columnIndex[i];
			if (name) values[name] = removeFormulaGuard((texts[i] ?? '').trim());
		}
		records.push({ line: rowNumber, values });
	});
	if (header === null) {
		problems.error(place, 0, null, 'il foglio è vuoto: manca la riga di intestazione');
		return null;
	}
	if (!format.requiredColumns.every((c) => header!.includes(c))) return null;
	// `;`: text typed into a cell is read as Italian Excel writes it (1.500 is one thousand five hundred).
	return { file: place, encoding: 'utf-8', delimiter: ';', columns: header, records };
}

function cellText(cell: ExcelJS.Cell, place: string, row: number, column: string | null, problems: ProblemList): string {
	const v = cell.value as unknown;
	if (v === null || v === undefined) return '';
	if (typeof v === 'number') return italianNumber(v);
	if (typeof v === 'string') return v;
	if (typeof v === 'boolean') return v ? 'sì' : 'no';
	if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
	if (typeof v === 'object') {
		const o = v as { formula?: string; sharedFormula?: string; result?: unknown; richText?: Array<{ text: string }>; text?: unknown; error?: string };
		if ('richText' in o && Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
		if ('error' in o && o.error) {
			problems.error(place, row, column ?? columnLetter(cell.col as unknown as number), `la cella ${cell.address} contiene l’errore ${o.error}`);
			return '';
		}
		if ('formula' in o || 'sharedFormula' in o) {
			// What Excel showed is what the person meant; a formula never saved with a result is refused.
			if (o.result === undefined || o.result === null || (typeof o.result === 'object' && !(o.result instanceof Date))) {
				problems.error(place, row, column ?? columnLetter(cell.col as unknown as number), `la cella ${cell.address} contiene una formula senza un risultato salvato: scrivere il valore`);
				return '';
			}
			return cellText({ value: o.result } as ExcelJS.Cell, place, row, column, problems);
		}
		if ('text' in o && typeof o.text === 'string') return o.text; // a hyperlink cell
	}
	return String(v);
}

function columnLetter(n: number): string {
	let s = '';
	for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
	return s;
}

/**
 * The total the zip says its entries unpack to, from its central directory (read before unpacking
 * anything); null when the bytes are not a zip.
 */
export function unpackedSize(bytes: Uint8Array): number | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// The end-of-central-directory record sits in the last 22 + 65535 bytes (its comment is at most 64 KiB).
	let eocd = -1;
	for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
		if (view.getUint32(i, true) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) return null;
	const entries = view.getUint16(eocd + 10, true);
	let at = view.getUint32(eocd + 16, true);
	let total = 0;
	for (let e = 0; e < entries; e++) {
		if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
		const size = view.getUint32(at + 24, true);
		// 0xFFFFFFFF: the real size is in a zip64 field; such an entry is over 4 GiB, far past the limit.
		total += size === 0xffffffff ? Number.MAX_SAFE_INTEGER : size;
		at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
	}
	return total;
}

import { readCsv, type CsvTable } from '../../interchange/csv-reader';
import { MEASUREMENTS_FILE } from '../../interchange/formats';
import type { ProblemList } from '../../interchange/problems';
import { looksLikeXlsx, readXlsx } from './xlsx-reader';

/**
 * A director's upload of values, CSV or XLSX (told apart by the bytes), as one table for the same row
 * checks. Rows with nothing written in them (no value, no quantities, no justification, no source) are left out, as
 * an empty field of the web form is: a downloaded template comes back with the rows he did not fill.
 */
export async function readValuesUpload(name: string, bytes: Uint8Array, problems: ProblemList): Promise<CsvTable | null> {
	const table = looksLikeXlsx(bytes) ? await readXlsx(name, bytes, MEASUREMENTS_FILE, problems) : readCsv(name, bytes, MEASUREMENTS_FILE, problems);
	if (!table) return null;
	const written = (v: string | undefined) => (v ?? '') !== '';
	return { ...table, records: table.records.filter((r) => written(r.values.valore) || written(r.values.numeratore) || written(r.values.denominatore) || written(r.values.giudizio) || written(r.values.motivazione) || written(r.values.fonte)) };
}

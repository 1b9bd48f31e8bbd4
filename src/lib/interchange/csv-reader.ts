import Papa from 'papaparse';
import { decodeText, detectDelimiter, normalizeHeader, type Encoding } from './dialect';
import type { FileFormat } from './formats';
import { removeFormulaGuard } from './formula-guard';
import { ProblemList } from './problems';

export interface CsvRecord {
	/** 1-based physical line where the record starts (quoted newlines make records span lines). */
	line: number;
	values: Record<string, string>;
}

export interface CsvTable {
	file: string;
	encoding: Encoding;
	delimiter: string;
	columns: string[];
	records: CsvRecord[];
}

export interface ReadOptions {
	/** Called every `progressEvery` records, for progress on large files. */
	onProgress?: (recordsRead: number) => void;
	progressEvery?: number;
	/**
	 * Streams the records instead of collecting them: called once the header is accepted, it returns
	 * the function each record is handed to, and `records` of the table stays empty. A file of a million
	 * rows then never holds a million records in memory beside the rows made from them.
	 */
	eachRecord?: (table: CsvTable) => (record: CsvRecord) => void;
}

/**
 * Reads one interchange file in any dialect Italian Excel or a program may write, checks its header
 * against the format and returns its records keyed by normalised column names. Problems go to `problems`;
 * a table is returned only when the header is usable.
 */
export function readCsv(
	file: string,
	bytes: Uint8Array,
	format: FileFormat,
	problems: ProblemList,
	options: ReadOptions = {}
): CsvTable | null {
	const decoded = decodeText(bytes);
	if ('error' in decoded) {
		// Nothing of a file that cannot be decoded is read: any text taken from it could be garbled.
		problems.error(file, decoded.error.line, null, decoded.error.message);
		return null;
	}
	const { text: raw, encoding } = decoded;
	const text = raw.replace(/\r\n?/g, '\n');
	const delimiter = detectDelimiter(text);
	const records: CsvRecord[] = [];
	let header: string[] | null = null;
	let columnIndex: Array<string | null> = [];
	const progressEvery = options.progressEvery ?? 100_000;

	// Line numbers come from papaparse's cursor: count the newlines between one record and the next.
	let scanned = 0;
	let line = 1;
	let rowStart = 0;
	let headerOk = true;
	let recordCount = 0;
	let table: CsvTable | null = null;
	let handle: ((record: CsvRecord) => void) | null = null;

	Papa.parse<string[]>(text, {
		delimiter,
		newline: '\n',
		quoteChar: '"',
		step(result) {
			for (; scanned < rowStart; scanned++) if (text.charCodeAt(scanned) === 10) line++;
			const recordLine = line;
			rowStart = result.meta.cursor + 1;
			const fields = result.data;
			for (const err of result.errors) {
				problems.error(file, recordLine, null, `CSV non valido: ${describeParseError(err.code)}`);
			}
			if (fields.length === 1 && fields[0].trim() === '') return; // blank line
			if (header === null) {
				header = fields.map(normalizeHeader);
				columnIndex = checkHeader(file, header, format, problems);
				headerOk = format.requiredColumns.every((c) => header!.includes(c));
				table = { file, encoding, delimiter, columns: header, records };
				if (headerOk && options.eachRecord) handle = options.eachRecord(table);
				return;
			}
			if (!headerOk) return;
			if (fields.length !== header.length) {
				problems.error(
					file,
					recordLine,
					null,
					`la riga ha ${fields.length} campi, l'intestazione ne ha ${header.length} (separatore «${delimiter === '\t' ? 'tab' : delimiter}»)`
				);
				return;
			}
			const values: Record<string, string> = {};
			for (let i = 0; i < fields.length; i++) {
				const name = columnIndex[i];
				if (name) values[name] = removeFormulaGuard(fields[i].trim());
			}
			if (handle) handle({ line: recordLine, values });
			else records.push({ line: recordLine, values });
			if (options.onProgress && ++recordCount % progressEvery === 0) options.onProgress(recordCount);
		}
	});

	if (header === null || table === null) {
		problems.error(file, 0, null, 'il file è vuoto: manca la riga di intestazione');
		return null;
	}
	if (!headerOk) return null;
	return table;
}

/** Exported for the XLSX reader, which checks a sheet's header with the same words. */
export function checkHeader(file: string, header: string[], format: FileFormat, problems: ProblemList): Array<string | null> {
	const seen = new Set<string>();
	const index = header.map((name, i) => {
		if (!format.columns.includes(name)) {
			problems.warn(file, 1, name || `colonna ${i + 1}`, 'colonna sconosciuta, ignorata');
			return null;
		}
		if (seen.has(name)) {
			problems.error(file, 1, name, 'colonna ripetuta nell’intestazione');
			return null;
		}
		seen.add(name);
		return name;
	});
	for (const required of format.requiredColumns) {
		if (!seen.has(required)) problems.error(file, 1, required, 'colonna obbligatoria assente nell’intestazione');
	}
	return index;
}

function describeParseError(code: string): string {
	switch (code) {
		case 'MissingQuotes':
			return 'virgolette non chiuse';
		case 'InvalidQuotes':
			return 'virgolette nel mezzo di un campo non racchiuso tra virgolette';
		default:
			return code;
	}
}

/**
 * From CSV records to typed rows: every value parsed, every problem placed at its file, line and column.
 * Checks here need nothing but the file itself; references between files and to the database are
 * checked by the import service.
 */
import type { CsvRecord, CsvTable } from './csv-reader';
import { parseDate, parseEuroCents, parseNumber, parseYesNo } from './dialect';
import { INDICATOR_TYPES, POLARITIES } from './formats';
import type { ProblemList } from './problems';
import { DIMENSIONS, type Dimension, type IndicatorType, type Polarity } from '../vocabulary';

export interface PlanRow {
	line: number;
	year: number;
	body: string;
	title: string;
}

export interface ObjectiveRow {
	line: number;
	year: number;
	code: string;
	publicValue: string;
	title: string;
	description: string;
	centreCode: string;
	centreName: string;
	director: string;
	weight: number | null;
	mission: string | null;
	programme: string | null;
	strategicObjective: string | null;
}

export interface AssignmentRow {
	line: number;
	year: number | null;
	objectiveCode: string;
	director: string;
	/** null: the objective's own CdR. */
	centreCode: string | null;
	/** Percent of the objective's weight (100 for «tutti i dirigenti»). */
	quota: number;
	/** `dirigente` is «tutti i dirigenti»: every director of the plan year, each at full weight. */
	allDirectors: boolean;
}

/** «tutti i dirigenti», whatever the case and accents («Tutti i Dirigènti»). */
export function isAllDirectors(name: string): boolean {
	return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim() === 'tutti i dirigenti';
}

export interface PhaseRow {
	line: number;
	/** The plan year of the objective; null when the file does not say (then the code must be in one year only). */
	year: number | null;
	objectiveCode: string;
	number: number;
	description: string;
	amountCents: number | null;
	startDate: string | null;
	endDate: string | null;
}

export interface IndicatorRow {
	line: number;
	/** The plan year; null when the file does not say (then the objective's code must be in one year only). */
	year: number | null;
	objectiveCode: string;
	code: string;
	description: string;
	type: IndicatorType | null;
	unit: string | null;
	polarity: Polarity | null;
	baseline: number | null;
	target: number | null;
	targetDate: string | null;
	weight: number | null;
	dimension: Dimension | null;
	formula: string | null;
	numeratorName: string | null;
	denominatorName: string | null;
	dataSource: string | null;
	/** Who enters its values; null: the objective's lead. */
	director: string | null;
}

/** The value is parsed once the indicator, and so its type, is known. */
export interface MeasurementRow {
	line: number;
	/** The plan year of the indicator; null when the file does not say (then the code must be in one year only). */
	year: number | null;
	indicatorCode: string;
	date: string;
	rawValue: string;
	/**
	 * The file's separator: the value is parsed later, and must be read with the same dialect rules as
	 * every other number of the file (`60.730` in a `;` file is sixty thousand seven hundred and thirty).
	 */
	delimiter: string;
	/** The two quantities of a ratio; with both, the value is computed from them. */
	numerator: number | null;
	denominator: number | null;
	/** A graded indicator's grade, as typed: matched against the year's grades once the indicator is known. */
	grade: string | null;
	justification: string | null;
	source: string | null;
}

/** A typed value as stored: a number (sì/no as 1/0) or, for deadline indicators, a date. */
export interface TypedValue {
	value: number | null;
	date: string | null;
	/** A graded indicator's grade, as the year's rules spell it (the number is then null). */
	grade?: string | null;
}

/**
 * Rows with errors are kept, marked invalid: nothing is written when any row is invalid, but their codes
 * still count as known, so a bad objective does not also make every one of its phases "unknown".
 */
export interface Validity {
	valid: boolean;
}

/** Per-row helper that reads one column and records a problem when it does not parse. */
export class Fields {
	constructor(
		private table: CsvTable,
		private record: CsvRecord,
		private problems: ProblemList
	) {}
	ok = true;

	text(column: string): string {
		return this.record.values[column] ?? '';
	}
	optionalText(column: string): string | null {
		const v = this.text(column);
		return v === '' ? null : v;
	}
	requiredText(column: string): string {
		const v = this.text(column);
		if (v === '') this.fail(column, 'valore obbligatorio mancante');
		return v;
	}
	number(column: string): number | null {
		const v = this.text(column);
		if (v === '') return null;
		const n = parseNumber(v, this.table.delimiter);
		if (n === null) this.fail(column, `«${v}» non è un numero (esempi validi: 1.234,56 · 1234.56 · € 9.294.542,81)`);
		return n;
	}
	requiredInteger(column: string, min: number): number {
		const v = this.requiredText(column);
		if (v === '') return 0;
		const n = parseNumber(v, this.table.delimiter);
		if (n === null || !Number.isInteger(n) || n < min) {
			this.fail(column, `«${v}» non è un numero intero${min > 0 ? ' positivo' : ''}`);
			return 0;
		}
		return n;
	}
	year(column: string): number {
		const v = this.requiredText(column);
		if (v === '') return 0;
		if (!/^\d{4}$/.test(v)) {
			this.fail(column, `«${v}» non è un anno (esempio: 2022)`);
			return 0;
		}
		return Number(v);
	}
	/** An optional year: empty or missing gives null. */
	optionalYear(column: string): number | null {
		const v = this.text(column);
		if (v === '') return null;
		if (!/^\d{4}$/.test(v)) {
			this.fail(column, `«${v}» non è un anno (esempio: 2022)`);
			return null;
		}
		return Number(v);
	}
	euroCents(column: string): number | null {
		const v = this.text(column);
		if (v === '') return null;
		const n = parseEuroCents(v, this.table.delimiter);
		if (n === null) this.fail(column, `«${v}» non è un importo in euro (esempi validi: 9.294.542,81 · € 9.294.542,81 · 9294542.81)`);
		return n;
	}
	date(column: string, required = false): string | null {
		const v = required ? this.requiredText(column) : this.text(column);
		if (v === '') return null;
		const d = parseDate(v);
		if (d === null) this.fail(column, `«${v}» non è una data valida (esempi validi: 30/06/2022 · 2022-06-30)`);
		return d;
	}
	oneOf<T extends string>(column: string, allowed: readonly T[]): T | null {
		// Case and accents do not matter: «Qualità» is qualita, «sì_no» is si_no.
		const v = this.text(column).toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[\s-]+/g, '_');
		if (v === '') return null;
		if ((allowed as readonly string[]).includes(v)) return v as T;
		this.fail(column, `«${this.text(column)}» non è ammesso (valori ammessi: ${allowed.join(', ')})`);
		return null;
	}
	typed(column: string, type: IndicatorType | null): TypedValue {
		const v = this.text(column);
		if (v === '') return { value: null, date: null };
		const result = parseTypedValue(v, type, this.table.delimiter);
		if ('error' in result) {
			this.fail(column, result.error);
			return { value: null, date: null };
		}
		return result;
	}
	fail(column: string, message: string): void {
		this.ok = false;
		this.problems.error(this.table.file, this.record.line, column, message);
	}
}

/** Parses a target, a baseline or a measured value according to the indicator's type. */
export function parseTypedValue(raw: string, type: IndicatorType | null, delimiter = ','): TypedValue | { error: string } {
	if (type === 'si_no') {
		const yn = parseYesNo(raw);
		return yn === null ? { error: `«${raw}» non è un valore sì/no (sì, no, 1, 0)` } : { value: yn, date: null };
	}
	if (type === 'data') {
		const d = parseDate(raw);
		return d === null ? { error: `«${raw}» non è una data valida (esempi validi: 30/06/2022 · 2022-06-30)` } : { value: null, date: d };
	}
	const n = parseNumber(raw, delimiter);
	return n === null ? { error: `«${raw}» non è un numero (esempi validi: 1.234,56 · 1234.56)` } : { value: n, date: null };
}

/** Remembers the first line of each key, to report duplicates with both places. */
export class DuplicateCheck {
	private seen = new Map<string, number>();
	constructor(
		private file: string,
		private problems: ProblemList
	) {}
	check(key: string, line: number, column: string, label: string): void {
		const first = this.seen.get(key);
		if (first !== undefined) this.problems.error(this.file, line, column, `${label} duplicato (già alla riga ${first})`);
		else this.seen.set(key, line);
	}
}

/** Measurements are keyed by (indicator, date): nested maps, so no key string is built per row. */
class PairDuplicateCheck {
	private seen = new Map<string, Map<string, number>>();
	constructor(
		private file: string,
		private problems: ProblemList
	) {}
	check(a: string, b: string, line: number, column: string, label: string): void {
		let inner = this.seen.get(a);
		if (!inner) this.seen.set(a, (inner = new Map()));
		const first = inner.get(b);
		if (first !== undefined) this.problems.error(this.file, line, column, `${label} duplicato (già alla riga ${first})`);
		else inner.set(b, line);
	}
}

/** Turns one record into a typed row, with the checks that need only the file (duplicates included). */
export type RowMapper<T> = (record: CsvRecord) => T & Validity;

export function recordMapper<T>(table: CsvTable, problems: ProblemList, map: (f: Fields, record: CsvRecord) => T): RowMapper<T> {
	return (record) => {
		const fields = new Fields(table, record, problems);
		const row = map(fields, record) as T & Validity;
		row.valid = fields.ok;
		return row;
	};
}

export function toPlanRows(table: CsvTable, problems: ProblemList): Array<PlanRow & Validity> {
	return table.records.map(planRowMapper(table, problems));
}

export function planRowMapper(table: CsvTable, problems: ProblemList): RowMapper<PlanRow> {
	const dup = new DuplicateCheck(table.file, problems);
	return recordMapper(table, problems, (f, r) => {
		const row = { line: r.line, year: f.year('anno'), body: f.requiredText('ente'), title: f.requiredText('titolo') };
		if (row.year) dup.check(String(row.year), r.line, 'anno', `anno ${row.year}`);
		return row;
	});
}

export function toObjectiveRows(table: CsvTable, problems: ProblemList): Array<ObjectiveRow & Validity> {
	return table.records.map(objectiveRowMapper(table, problems));
}

export function objectiveRowMapper(table: CsvTable, problems: ProblemList): RowMapper<ObjectiveRow> {
	const dup = new DuplicateCheck(table.file, problems);
	return recordMapper(table, problems, (f, r) => {
		const row: ObjectiveRow = {
			line: r.line,
			year: f.year('anno'),
			code: f.requiredText('codice'),
			publicValue: f.requiredText('valore_pubblico'),
			title: f.requiredText('titolo'),
			description: f.text('descrizione'),
			centreCode: f.requiredText('cdr_codice'),
			centreName: f.text('cdr_nome'),
			director: f.requiredText('dirigente'),
			weight: f.number('peso'),
			mission: f.optionalText('missione'),
			programme: f.optionalText('programma'),
			strategicObjective: f.optionalText('obiettivo_strategico')
		};
		if (row.weight !== null && row.weight < 0) f.fail('peso', 'il peso non può essere negativo');
		// Codes are unique within a plan year: the same code in another year is the same objective then.
		if (row.code) dup.check(`${row.year}\u0000${row.code}`, r.line, 'codice', `codice obiettivo ${row.code} nel ${row.year}`);
		return row;
	});
}

export function assignmentRowMapper(table: CsvTable, problems: ProblemList): RowMapper<AssignmentRow> {
	const dup = new DuplicateCheck(table.file, problems);
	return recordMapper(table, problems, (f, r) => {
		const row: AssignmentRow = {
			line: r.line,
			year: f.optionalYear('anno'),
			objectiveCode: f.requiredText('codice_obiettivo'),
			director: f.requiredText('dirigente'),
			centreCode: f.optionalText('cdr_codice'),
			quota: f.number('quota') ?? 0,
			allDirectors: false
		};
		row.allDirectors = isAllDirectors(row.director);
		if (row.allDirectors) {
			// A transversal objective counts whole for each director: the quota is empty, or 100.
			if (f.text('quota') === '') row.quota = 100;
			else if (f.ok && row.quota !== 100) f.fail('quota', `con «tutti i dirigenti» ogni dirigente conta l’obiettivo per intero: quota vuota o 100 (non ${f.text('quota')})`);
		} else if (f.text('quota') === '') f.fail('quota', 'valore obbligatorio mancante');
		else if (f.ok && !(row.quota > 0 && row.quota <= 100)) f.fail('quota', `la quota è una percentuale del peso dell’obiettivo: maggiore di 0 e al massimo 100 (non ${f.text('quota')})`);
		if (row.objectiveCode && row.director) {
			dup.check(`${row.year ?? ''}\u0000${row.objectiveCode}\u0000${row.director}\u0000${row.centreCode ?? ''}`, r.line, 'dirigente', `assegnazione di ${row.objectiveCode} a ${row.director}`);
		}
		return row;
	});
}

export function toPhaseRows(table: CsvTable, problems: ProblemList): Array<PhaseRow & Validity> {
	return table.records.map(phaseRowMapper(table, problems));
}

export function phaseRowMapper(table: CsvTable, problems: ProblemList): RowMapper<PhaseRow> {
	const dup = new DuplicateCheck(table.file, problems);
	return recordMapper(table, problems, (f, r) => {
		const row: PhaseRow = {
			line: r.line,
			year: f.optionalYear('anno'),
			objectiveCode: f.requiredText('codice_obiettivo'),
			number: f.requiredInteger('numero', 1),
			description: f.requiredText('descrizione'),
			amountCents: f.euroCents('importo'),
			startDate: f.date('data_inizio'),
			endDate: f.date('data_fine')
		};
		if (row.startDate && row.endDate && row.endDate < row.startDate) {
			f.fail('data_fine', 'la data di fine precede la data di inizio');
		}
		if (row.objectiveCode && row.number) {
			dup.check(`${row.year ?? ''}\u0000${row.objectiveCode}\u0000${row.number}`, r.line, 'numero', `fase ${row.number} dell’obiettivo ${row.objectiveCode}`);
		}
		return row;
	});
}

export function toIndicatorRows(table: CsvTable, problems: ProblemList): Array<IndicatorRow & Validity> {
	return table.records.map(indicatorRowMapper(table, problems));
}

export function indicatorRowMapper(table: CsvTable, problems: ProblemList): RowMapper<IndicatorRow> {
	const dup = new DuplicateCheck(table.file, problems);
	return recordMapper(table, problems, (f, r) => {
		const type = f.oneOf('tipo', INDICATOR_TYPES);
		const target = f.typed('target', type);
		const baseline = f.typed('baseline', type);
		const row: IndicatorRow = {
			line: r.line,
			year: f.optionalYear('anno'),
			objectiveCode: f.requiredText('codice_obiettivo'),
			code: f.requiredText('codice'),
			description: f.requiredText('descrizione'),
			type,
			unit: f.optionalText('unita'),
			polarity: f.oneOf('polarita', POLARITIES),
			baseline: baseline.value,
			target: target.value,
			targetDate: target.date,
			weight: f.number('peso'),
			dimension: f.oneOf('dimensione', DIMENSIONS),
			formula: f.optionalText('formula'),
			numeratorName: f.optionalText('numeratore'),
			denominatorName: f.optionalText('denominatore'),
			dataSource: f.optionalText('fonte_dato'),
			director: f.optionalText('dirigente')
		};
		if ((row.numeratorName === null) !== (row.denominatorName === null)) {
			f.fail(row.numeratorName === null ? 'numeratore' : 'denominatore', 'numeratore e denominatore vanno indicati insieme (i nomi delle due quantità del rapporto)');
		}
		if (type === 'data' && baseline.date) f.fail('baseline', 'un indicatore di tipo data non ha baseline');
		if (row.weight !== null && row.weight < 0) f.fail('peso', 'il peso non può essere negativo');
		if (row.code) dup.check(`${row.year ?? ''}\u0000${row.code}`, r.line, 'codice', `codice indicatore ${row.code}${row.year ? ` nel ${row.year}` : ''}`);
		return row;
	});
}

export function toMeasurementRows(table: CsvTable, problems: ProblemList): Array<MeasurementRow & Validity> {
	return table.records.map(measurementRowMapper(table, problems));
}

export function measurementRowMapper(table: CsvTable, problems: ProblemList): RowMapper<MeasurementRow> {
	const dup = new PairDuplicateCheck(table.file, problems);
	return recordMapper(table, problems, (f, r) => {
		const row: MeasurementRow = {
			line: r.line,
			year: f.optionalYear('anno'),
			indicatorCode: f.requiredText('codice_indicatore'),
			date: f.date('data', true) ?? '',
			rawValue: f.text('valore'),
			delimiter: table.delimiter,
			numerator: f.number('numeratore'),
			denominator: f.number('denominatore'),
			grade: f.optionalText('giudizio'),
			justification: f.optionalText('motivazione'),
			source: f.optionalText('fonte')
		};
		const ratio = row.numerator !== null || row.denominator !== null;
		if (ratio && (row.numerator === null || row.denominator === null)) f.fail(row.numerator === null ? 'numeratore' : 'denominatore', 'numeratore e denominatore vanno indicati insieme');
		else if (row.denominator === 0) f.fail('denominatore', 'il denominatore non può essere zero');
		if (!row.rawValue && !ratio && !row.grade) f.fail('valore', 'valore obbligatorio mancante (oppure numeratore e denominatore, o il giudizio)');
		if (row.indicatorCode && row.date) {
			dup.check(row.year ? `${row.year}\u0000${row.indicatorCode}` : row.indicatorCode, row.date, r.line, 'data', `misurazione di ${row.indicatorCode} al ${row.date}`);
		}
		return row;
	});
}

/**
 * How a report's tables are laid out on the page and on paper (A4 landscape), apart from the tables
 * themselves: the XLSX and CSV keep every column, one value per cell, so that they sort and filter;
 * the printed page drops what says nothing and folds what would only grow sideways.
 */
import { formatDate } from '../format';
import type { CellValue, Column, ReportTable } from './table';

type Row = Record<string, CellValue>;

const isEmpty = (v: CellValue | undefined) => v === null || v === undefined || v === '';

/** The columns that hold something in at least one row of the whole selection (not just of one sheet). */
export function nonEmptyColumns(columns: Column[], rows: readonly Row[]): Column[] {
	return columns.filter((c) => rows.some((r) => !isEmpty(r[c.key])));
}

/**
 * The values of an indicator at each monitoring date, one line per date in a single column, instead of
 * two columns per date: a table that grows downwards fits the page whatever the number of dates.
 * The schede's indicator table names its date columns `v_<date>` (value) and `s_<date>` (review state).
 */
export function foldDateColumns(table: ReportTable): { columns: Column[]; rows: Row[] } {
	const dates = table.columns.filter((c) => c.key.startsWith('v_')).map((c) => c.key.slice(2));
	if (dates.length === 0) return { columns: table.columns, rows: table.rows };
	const first = table.columns.findIndex((c) => c.key.startsWith('v_') || c.key.startsWith('s_'));
	const kept = table.columns.filter((c) => !c.key.startsWith('v_') && !c.key.startsWith('s_'));
	const folded: Column = { key: 'valori', label: 'Valori per data (stato)', type: 'text' };
	const columns = [...kept.slice(0, first), folded, ...kept.slice(first)];
	const rows = table.rows.map((r) => {
		const lines = dates
			.filter((d) => !isEmpty(r[`v_${d}`]) || !isEmpty(r[`s_${d}`]))
			.map((d) => `${formatDate(d)}: ${r[`v_${d}`] ?? '—'}${isEmpty(r[`s_${d}`]) ? '' : ` (${String(r[`s_${d}`]).toLowerCase()})`}`);
		return { ...r, valori: lines.length ? lines.join('\n') : null };
	});
	return { columns, rows };
}

export interface RowGroup {
	/** The values of the grouping columns, shared by every row of the group. */
	head: Row;
	rows: Row[];
}

/**
 * Consecutive rows that share the values of `keys` (an objective's number, code, title, director…)
 * become one group: the shared values are printed once above the rows instead of on each of them.
 */
export function groupConsecutive(rows: readonly Row[], keys: readonly string[]): RowGroup[] {
	const groups: RowGroup[] = [];
	const same = (a: Row, b: Row) => keys.every((k) => (a[k] ?? null) === (b[k] ?? null));
	for (const row of rows) {
		const last = groups.at(-1);
		if (last && same(last.head, row)) last.rows.push(row);
		else groups.push({ head: Object.fromEntries(keys.map((k) => [k, row[k] ?? null])), rows: [row] });
	}
	return groups;
}

/** «15/01/2022 – 27/02/2022», «dal 15/01/2022», «entro il 27/02/2022», or nothing. */
export function period(from: CellValue | undefined, to: CellValue | undefined): string | null {
	const f = isEmpty(from) ? null : formatDate(String(from));
	const t = isEmpty(to) ? null : formatDate(String(to));
	if (f && t) return `${f} – ${t}`;
	if (f) return `dal ${f}`;
	if (t) return `entro il ${t}`;
	return null;
}

/**
 * The schede's phases table as the page shows it beside the timeline: the planned and the actual dates
 * one period each («15/01/2022 – 27/02/2022»), the lateness under the state. Ten columns of which four
 * were dates broke every date over two lines on paper; six fit the sheet. The XLSX and CSV keep the
 * ten columns (`Fasi` of buildSchede).
 */
export function foldPhaseColumns(table: ReportTable): { columns: Column[]; rows: Row[] } {
	const byKey = new Map(table.columns.map((c) => [c.key, c]));
	const keep = (key: string, width: number): Column[] => {
		const c = byKey.get(key);
		return c ? [{ ...c, width }] : [];
	};
	const columns: Column[] = [
		...keep('codice_obiettivo', 16),
		...keep('numero', 4),
		...keep('descrizione', 62),
		...keep('importo', 11),
		{ key: 'prevista', label: 'Prevista', type: 'text', width: 21 },
		{ key: 'effettiva', label: 'Effettiva', type: 'text', width: 21 },
		{ key: 'stato_ritardo', label: 'Stato', type: 'text', width: 24 }
	];
	const rows = table.rows.map((r) => ({
		...r,
		prevista: period(r.data_inizio, r.data_fine),
		effettiva: period(r.inizio_effettivo, r.fine_effettiva),
		stato_ritardo: [r.stato, isEmpty(r.ritardo) ? null : `in ritardo: ${r.ritardo}`].filter((t) => !isEmpty(t)).join('\n') || null
	}));
	return { columns, rows };
}

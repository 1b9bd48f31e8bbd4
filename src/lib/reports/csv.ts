import Papa from 'papaparse';
import { neutralizeFormula } from '../interchange/formula-guard';
import type { Column, ReportTable, CellValue } from './table';

export type CsvDialect = 'excel-it' | 'standard';

/** Which rules produced a table's scores: the year's short description and the address of the full rules. */
export interface CsvRules {
	description: string;
	/** Absolute address of /trasparenza/<anno>/regole, so a file read away from the site still says where. */
	url: string;
}

/**
 * A table with scores (a percentage column) says on every row which rules produced them, in two columns
 * at the end: a parser reads them as any other column, and a row copied elsewhere keeps its rules.
 */
export function withRulesColumns(table: ReportTable, rules: CsvRules | null): ReportTable {
	if (!rules || !table.columns.some((c) => c.type === 'percent')) return table;
	return {
		...table,
		columns: [...table.columns, { key: '__regole', label: 'Regole', type: 'text' }, { key: '__regole_url', label: 'Regole complete', type: 'text' }],
		rows: table.rows.map((r) => ({ ...r, __regole: rules.description, __regole_url: rules.url }))
	};
}

/**
 * CSV of a report table. `excel-it` (default) is what Italian Excel opens with a double click: `;`
 * separator, decimal comma, dates dd/mm/yyyy, UTF-8 with BOM. `standard` is `,`, dot decimals, ISO dates.
 * Text that a spreadsheet would run as a formula is guarded with an apostrophe; numbers stay numbers.
 */
export function tableToCsv(table: ReportTable, dialect: CsvDialect = 'excel-it'): string {
	const italian = dialect === 'excel-it';
	const format = (column: Column, v: CellValue): string => {
		if (v === null || v === undefined || v === '') return '';
		if (typeof v === 'number') {
			const n = column.type === 'percent' ? Math.round(v * 1000) / 10 : v;
			const s = column.type === 'euro' ? n.toFixed(2) : String(n);
			return italian ? s.replace('.', ',') : s;
		}
		if (column.type === 'date' && /^\d{4}-\d{2}-\d{2}/.test(v)) {
			return italian ? `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)}` : v.slice(0, 10);
		}
		return neutralizeFormula(v);
	};
	const header = table.columns.map((c) => (c.type === 'percent' ? `${c.label} (%)` : c.type === 'euro' ? `${c.label} (€)` : c.label));
	const data = table.rows.map((row) => table.columns.map((c) => format(c, row[c.key] ?? null)));
	const text = Papa.unparse({ fields: header, data }, { delimiter: italian ? ';' : ',', newline: '\r\n' });
	return (italian ? '\uFEFF' : '') + text + '\r\n';
}

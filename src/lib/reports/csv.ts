import Papa from 'papaparse';
import { neutralizeFormula } from '../interchange/formula-guard';
import type { Column, ReportTable, CellValue } from './table';

export type CsvDialect = 'excel-it' | 'standard';

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

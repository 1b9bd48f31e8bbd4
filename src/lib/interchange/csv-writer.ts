import Papa from 'papaparse';
import type { FileFormat } from './formats';
import { neutralizeFormula } from './formula-guard';

/** A cell as export produces it: text (guarded against formulas), a number, or empty. */
export type Cell = string | number | null;

/**
 * Writes one interchange file in the canonical dialect: UTF-8, `,` separator, `.` decimals, ISO dates,
 * quotes only where needed. Numbers are written as numbers, so negative values are never "guarded".
 */
export function writeCsv(format: FileFormat, rows: Array<Record<string, Cell>>): string {
	const data = rows.map((row) =>
		format.columns.map((column) => {
			const v = row[column];
			if (v === null || v === undefined) return '';
			if (typeof v === 'number') return String(v);
			return neutralizeFormula(v);
		})
	);
	return Papa.unparse({ fields: [...format.columns], data }, { newline: '\n', quotes: false }) + '\n';
}

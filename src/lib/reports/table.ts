/**
 * A report as data: tables of typed columns. The print page, the XLSX and the CSV are all written from
 * the same tables, so the three always agree.
 */
export type ColumnType = 'text' | 'integer' | 'number' | 'percent' | 'euro' | 'date';
export type CellValue = string | number | null;

export interface Column {
	key: string;
	label: string;
	type: ColumnType;
	/** Width in characters, for spreadsheets. */
	width?: number;
}

export interface ReportTable {
	/** Sheet name: at most 31 characters, no []:*?/\ */
	name: string;
	title: string;
	columns: Column[];
	rows: Array<Record<string, CellValue>>;
	/** The columns are already those with a value somewhere in the whole report (a page shows part of its rows). */
	columnsChecked?: boolean;
}

export interface Report {
	kind: string;
	title: string;
	body: string;
	planTitle: string;
	/** The monitoring date the figures refer to (ISO). */
	date: string;
	/** When the report was produced (ISO timestamp). */
	generatedAt: string;
	/** The filters that made the selection, in words. */
	selection: string;
	/** Which rules produced the scores, and where to read them in full. */
	rules?: { year: number; description: string; lines: Array<{ label: string; text: string }> };
	tables: ReportTable[];
}

/** Percent as a ratio (0.846), euro as euros (9294542.81), dates as ISO: numbers stay numbers. */
export function percentCell(ratio: number | null): CellValue {
	return ratio === null || !Number.isFinite(ratio) ? null : Math.round(ratio * 10000) / 10000;
}

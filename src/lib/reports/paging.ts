/**
 * A report on screen, in pages. A province's plan makes reports of a few hundred lines, read and
 * printed as one document; a plan a hundred times larger makes the same reports 1–28 MB of HTML,
 * which no one reads on a screen and which kept the server's single thread busy for seconds (every
 * other user waited). So a report longer than SINGLE_PAGE_MAX_LINES is shown LINES_PER_PAGE lines at
 * a time, like the pages of the printed document; «Tutte le pagine» shows it whole for printing, up to
 * ALL_PAGES_MAX_LINES; beyond that the Excel, CSV and Word downloads (never paged) are the way.
 *
 * A line is a table row (a scheda counts its own line plus its phases and indicators; a group's heading
 * counts too). Pages break between rows, never inside a scheda nor inside one objective's rows of the
 * Relazione.
 */
import { nonEmptyColumns } from './print-layout';
import type { Report, ReportTable } from './table';

export const SINGLE_PAGE_MAX_LINES = 1000;
export const LINES_PER_PAGE = 150;
export const ALL_PAGES_MAX_LINES = 5000;

/** `?pagina=`: a page number, or `tutte` for the whole report (printing). */
export type PageRequest = number | 'tutte';

export interface ReportPaging {
	/** The page shown (1-based); 1 when the report is whole. */
	page: number;
	pages: number;
	/** The whole report is shown (a single page, or «Tutte le pagine»). */
	whole: boolean;
	lines: number;
	/** «Tutte le pagine» was asked of a report too long for one page: shown in pages instead. */
	tooLongForWhole: boolean;
	/** Each table's number of rows in the whole report (the page shows a part of them). */
	rowsInReport: number[];
}

/** `pagina` from the address: a positive page number or `tutte`; anything else is page 1. */
export function parsePageRequest(raw: string | null): PageRequest {
	if (raw === 'tutte') return 'tutte';
	if (raw === null || !/^\d{1,6}$/.test(raw)) return 1;
	return Math.max(1, Number(raw));
}

/**
 * The units that stay on one page, each with its rows of the report's tables and how many lines they
 * take. Kept in flat arrays, not an object per unit: a report of 70.000 findings made 200.000 small
 * arrays for every build.
 */
class Units {
	/** Lines of each unit. */
	readonly lines: number[] = [];
	/** Where each unit's rows begin in `table` and `row`; they end where the next unit's begin. */
	readonly start: number[] = [];
	readonly table: number[] = [];
	readonly row: number[] = [];

	/** A new unit of so many lines, holding the rows added after it. */
	open(lines: number): void {
		this.lines.push(lines);
		this.start.push(this.table.length);
	}

	add(table: number, row: number, lines = 0): void {
		this.table.push(table);
		this.row.push(row);
		this.lines[this.lines.length - 1] += lines;
	}

	end(unit: number): number {
		return unit + 1 < this.start.length ? this.start[unit + 1] : this.table.length;
	}
}

/** The report's units in the order the page shows them. */
function unitsOf(report: Report): Units {
	const t = report.tables;
	const units = new Units();
	if (report.kind === 'schede' && t.length >= 3) {
		// A scheda: its objective, then its phases and indicators (found by objective code, in one pass).
		const byObjective = (table: ReportTable) => {
			const map = new Map<unknown, number[]>();
			table.rows.forEach((r, i) => (map.get(r.codice_obiettivo) ?? map.set(r.codice_obiettivo, []).get(r.codice_obiettivo)!).push(i));
			return map;
		};
		const phases = byObjective(t[1]);
		const indicators = byObjective(t[2]);
		t[0].rows.forEach((o, i) => {
			units.open(0);
			units.add(0, i, 1);
			for (const row of phases.get(o.codice) ?? []) units.add(1, row, 1);
			for (const row of indicators.get(o.codice) ?? []) units.add(2, row, 1);
		});
		return units;
	}
	if (report.kind === 'relazione' && t.length >= 2) {
		// The overall figures first (the page shows table 1 above table 0), then each objective's rows together.
		t[1].rows.forEach((_, i) => {
			units.open(1);
			units.add(1, i);
		});
		t[0].rows.forEach((r, i) => {
			// An objective's first row brings its heading row (2 lines); the next ones join its unit.
			if (i > 0 && t[0].rows[i - 1].codice === r.codice) units.add(0, i, 1);
			else {
				units.open(2);
				units.add(0, i);
			}
		});
		return units;
	}
	// A row that opens a group (a director's deviations, a director's findings) brings the group's
	// heading too: in the deviations each group is a table of its own, with caption and header row.
	// One unit per row: filled directly (the longest reports are of this kind).
	const opening = GROUP_OPENING[report.kind];
	t.forEach((table, index) => {
		const rows = table.rows;
		const key = opening?.table === index ? opening.key : null;
		for (let i = 0; i < rows.length; i++) {
			const opens = key !== null && (i === 0 || rows[i - 1][key] !== rows[i][key]);
			units.lines.push(opens ? 1 + opening!.lines : 1);
			units.start.push(units.table.length);
			units.table.push(index);
			units.row.push(i);
		}
	});
	return units;
}

/** Reports whose page gathers a table's rows under group headings: the table, the key, the heading's lines. */
const GROUP_OPENING: Record<string, { table: number; key: string; lines: number } | undefined> = {
	scostamenti: { table: 0, key: 'dirigente', lines: 3 },
	qualita: { table: 1, key: 'dirigente', lines: 1 }
};

/** Where each page starts, over units of so many lines: at most `perPage` lines a page (a longer unit has a page of its own). */
function pageStarts(lines: readonly number[], perPage: number): number[] {
	const starts = [0];
	let used = 0;
	lines.forEach((n, i) => {
		if (used > 0 && used + n > perPage) {
			starts.push(i);
			used = 0;
		}
		used += n;
	});
	return starts;
}

/** Which units one screen shows: all of them, or one page's [from, to). */
export interface PageChoice extends Omit<ReportPaging, 'rowsInReport'> {
	from: number;
	to: number;
}

/** The page asked for, over units of so many lines each (see the rules at the top). */
export function choosePage(lines: readonly number[], request: PageRequest): PageChoice {
	const total = lines.reduce((n, l) => n + l, 0);
	const starts = pageStarts(lines, LINES_PER_PAGE);
	const pages = total <= SINGLE_PAGE_MAX_LINES ? 1 : starts.length;
	if (total <= SINGLE_PAGE_MAX_LINES || (request === 'tutte' && total <= ALL_PAGES_MAX_LINES)) {
		return { page: 1, pages, whole: true, lines: total, tooLongForWhole: false, from: 0, to: lines.length };
	}
	const page = request === 'tutte' ? 1 : Math.min(request, pages);
	return { page, pages, whole: false, lines: total, tooLongForWhole: request === 'tutte', from: starts[page - 1], to: starts[page] ?? lines.length };
}

/**
 * The part of the report one screen shows. Columns are chosen on the whole report (a column empty on
 * this page but not on others stays), so every page has the same columns as the printed document.
 */
export function pageOfReport(report: Report, request: PageRequest): { report: Report; paging: ReportPaging } {
	const { units, lines, tables } = layoutOf(report);
	const rowsInReport = report.tables.map((t) => t.rows.length);
	const { from, to, ...choice } = choosePage(lines, request);
	const paging = { ...choice, rowsInReport };
	if (choice.whole) return { report: { ...report, tables }, paging };
	// The page's rows, table by table, in the order of its units (which keep each table's own order).
	const rows = tables.map((): ReportTable['rows'] => []);
	for (let u = from; u < to; u++) for (let k = units.start[u]; k < units.end(u); k++) rows[units.table[k]].push(report.tables[units.table[k]].rows[units.row[k]]);
	return { report: { ...report, tables: tables.map((t, ti) => ({ ...t, rows: rows[ti] })) }, paging };
}

/**
 * The report's units and the columns it shows, made once per built report: a report kept between
 * requests (server/reports/load.ts) keeps its tables, and each of its pages is then cut from these.
 */
function layoutOf(report: Report): { units: Units; lines: readonly number[]; tables: ReportTable[] } {
	const kept = layouts.get(report.tables);
	if (kept?.kind === report.kind) return kept;
	const units = unitsOf(report);
	const layout = {
		kind: report.kind,
		units,
		lines: units.lines,
		tables: report.tables.map((t): ReportTable => ({ ...t, columns: t.rows.length > 0 ? nonEmptyColumns(t.columns, t.rows) : t.columns, columnsChecked: true }))
	};
	layouts.set(report.tables, layout);
	return layout;
}
const layouts = new WeakMap<readonly ReportTable[], { kind: string; units: Units; lines: readonly number[]; tables: ReportTable[] }>();

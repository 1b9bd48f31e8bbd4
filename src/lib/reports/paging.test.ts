import { describe, expect, it } from 'vitest';
import { ALL_PAGES_MAX_LINES, LINES_PER_PAGE, pageOfReport, parsePageRequest, SINGLE_PAGE_MAX_LINES } from './paging';
import type { Report, ReportTable } from './table';

const report = (kind: string, tables: ReportTable[]): Report => ({ kind, title: 't', body: 'b', planTitle: 'p', date: '2022-12-31', generatedAt: '2022-12-31T00:00:00Z', selection: 's', tables });
const table = (name: string, rows: ReportTable['rows'], keys = Object.keys(rows[0] ?? { a: 1 })): ReportTable => ({
	name,
	title: name,
	columns: keys.map((key) => ({ key, label: key, type: 'text' as const })),
	rows
});
const numbered = (n: number, extra: (i: number) => Record<string, string | number | null> = () => ({})) => Array.from({ length: n }, (_, i) => ({ n: i, ...extra(i) }));

/** Every row of every table, on each page in turn: each row exactly once, in order. */
function allPages(r: Report) {
	const first = pageOfReport(r, 1).paging;
	return Array.from({ length: first.pages }, (_, p) => pageOfReport(r, p + 1));
}

describe('parsePageRequest', () => {
	it.each([
		[null, 1],
		['3', 3],
		['0', 1],
		['-2', 1],
		['2.5', 1],
		['abc', 1],
		['1e9', 1],
		['9999999', 1],
		['tutte', 'tutte']
	])('%s → %s', (raw, expected) => expect(parsePageRequest(raw)).toBe(expected));
});

describe('pageOfReport', () => {
	it('leaves a report of up to SINGLE_PAGE_MAX_LINES lines whole', () => {
		const r = report('sintesi', [table('S', numbered(SINGLE_PAGE_MAX_LINES))]);
		const { report: shown, paging } = pageOfReport(r, 1);
		expect(paging).toMatchObject({ whole: true, pages: 1, page: 1, lines: SINGLE_PAGE_MAX_LINES });
		expect(shown.tables[0].rows).toHaveLength(SINGLE_PAGE_MAX_LINES);
	});

	it('shows a longer report LINES_PER_PAGE rows at a time, each row on exactly one page, in order', () => {
		const r = report('sintesi', [table('A', numbered(SINGLE_PAGE_MAX_LINES)), table('B', numbered(201))]);
		const pages = allPages(r);
		expect(pages).toHaveLength(Math.ceil((SINGLE_PAGE_MAX_LINES + 201) / LINES_PER_PAGE));
		expect(pages.every((p) => !p.paging.whole && p.paging.rowsInReport.join() === `${SINGLE_PAGE_MAX_LINES},201`)).toBe(true);
		for (const t of [0, 1]) expect(pages.flatMap((p) => p.report.tables[t].rows.map((row) => row.n))).toEqual(r.tables[t].rows.map((row) => row.n));
		expect(pages.every((p) => p.report.tables.reduce((n, t) => n + t.rows.length, 0) <= LINES_PER_PAGE)).toBe(true);
		// The page where the first table ends and the second begins holds both.
		const joint = pages.find((p) => p.report.tables[0].rows.length > 0 && p.report.tables[1].rows.length > 0);
		expect(joint).toBeDefined();
	});

	it('clamps a page beyond the last to the last', () => {
		const r = report('sintesi', [table('S', numbered(SINGLE_PAGE_MAX_LINES + 1))]);
		const last = pageOfReport(r, 10_000);
		expect(last.paging.page).toBe(last.paging.pages);
		expect(last.report.tables[0].rows.at(-1)!.n).toBe(SINGLE_PAGE_MAX_LINES);
	});

	it('keeps a scheda whole with its phases and indicators, even when they are listed apart', () => {
		const objectives = numbered(400, (i) => ({ codice: `OB${i}` }));
		// Phases and indicators in another order than the objectives': found by code, not by position.
		const phases = numbered(400 * 2, (i) => ({ codice_obiettivo: `OB${399 - (i % 400)}` }));
		const indicators = numbered(400, (i) => ({ codice_obiettivo: `OB${(i * 7) % 400}` }));
		const r = report('schede', [table('Obiettivi', objectives), table('Fasi', phases), table('Indicatori', indicators)]);
		const pages = allPages(r);
		expect(pages.length).toBeGreaterThan(1);
		for (const p of pages) {
			const codes = new Set(p.report.tables[0].rows.map((o) => o.codice));
			// Each scheda is 4 lines (objective, 2 phases, 1 indicator): a page holds whole schede only.
			expect(p.report.tables[1].rows.length).toBe(codes.size * 2);
			expect(p.report.tables[2].rows.length).toBe(codes.size);
			expect([...p.report.tables[1].rows, ...p.report.tables[2].rows].every((row) => codes.has(row.codice_obiettivo))).toBe(true);
		}
		expect(pages.reduce((n, p) => n + p.report.tables[0].rows.length, 0)).toBe(400);
	});

	it('never splits one objective’s rows of the Relazione, and puts the overall figures first', () => {
		const rows = numbered(1200, (i) => ({ codice: `OB${Math.floor(i / 7)}` }));
		const r = report('relazione', [table('Relazione', rows), table('Risultato complessivo', numbered(3))]);
		const pages = allPages(r);
		expect(pages[0].report.tables[1].rows).toHaveLength(3);
		expect(pages.slice(1).every((p) => p.report.tables[1].rows.length === 0)).toBe(true);
		const seen = new Map<unknown, number>();
		pages.forEach((p, n) => p.report.tables[0].rows.forEach((row) => {
			expect(seen.get(row.codice) ?? n).toBe(n);
			seen.set(row.codice, n);
		}));
		expect(pages.reduce((n, p) => n + p.report.tables[0].rows.length, 0)).toBe(1200);
	});

	it('shows all pages at once for printing up to ALL_PAGES_MAX_LINES, and in pages beyond, saying why', () => {
		const printable = report('sintesi', [table('S', numbered(ALL_PAGES_MAX_LINES))]);
		const whole = pageOfReport(printable, 'tutte');
		expect(whole.paging).toMatchObject({ whole: true, tooLongForWhole: false, pages: Math.ceil(ALL_PAGES_MAX_LINES / LINES_PER_PAGE) });
		expect(whole.report.tables[0].rows).toHaveLength(ALL_PAGES_MAX_LINES);

		const tooLong = pageOfReport(report('sintesi', [table('S', numbered(ALL_PAGES_MAX_LINES + 1))]), 'tutte');
		expect(tooLong.paging).toMatchObject({ whole: false, tooLongForWhole: true, page: 1 });
		expect(tooLong.report.tables[0].rows).toHaveLength(LINES_PER_PAGE);
	});

	it('chooses the columns on the whole report: a column empty on this page but not on another stays', () => {
		const rows = numbered(SINGLE_PAGE_MAX_LINES + 10, (i) => ({ nota: i === SINGLE_PAGE_MAX_LINES + 5 ? 'solo qui' : null, vuota: null }));
		const r = report('sintesi', [table('S', rows, ['n', 'nota', 'vuota'])]);
		const first = pageOfReport(r, 1);
		expect(first.report.tables[0].rows.some((row) => row.nota !== null)).toBe(false);
		expect(first.report.tables[0].columns.map((c) => c.key)).toEqual(['n', 'nota']);
		expect(first.report.tables[0].columnsChecked).toBe(true);
	});

	it('counts the heading of each director’s group of deviations, which is a table of its own', () => {
		// 400 rows in 400 groups: 400 + 3 × 400 lines, more than one page can hold, though the rows are few.
		const r = report('scostamenti', [table('S', numbered(400, (i) => ({ dirigente: `D${i}` })))]);
		const { paging } = pageOfReport(r, 1);
		expect(paging.lines).toBe(1600);
		expect(paging.whole).toBe(false);
		const grouped = pageOfReport(report('scostamenti', [table('S', numbered(400, () => ({ dirigente: 'D' })))]), 1);
		expect(grouped.paging).toMatchObject({ lines: 403, whole: true });
	});
});

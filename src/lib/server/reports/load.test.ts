import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { freshDb, loadShippedPlan } from '../testing/db';
import { randomPhaseReport, randomValueWrite, seededRandom, writeFixture, type WriteFixture } from '../testing/random-writes';
import { changePeriod, saveEntries } from '../monitoring.service';
import { createSession } from '../auth/session';
import { evaluateInFull, type EvaluatedObjective } from '../evaluation.service';
import { loadPlanContext } from '../plan-context';
import { parseFilters } from '../../filters';
import { REPORTS, type ReportKind } from '../../reports/builders';
import { pageOfReport } from '../../reports/paging';
import { percentCell, type ReportTable } from '../../reports/table';
import { STATUS_LABELS } from '../../status';
import { loadReport } from './load';

/**
 * Reports are kept while the data they were built from holds, and after a value write only the rows of
 * the objectives it touched are made again (load.ts, builders.ts). These tests drive random sequences of
 * real writes through the services the forms call, and compare after each step every report, as the
 * server keeps and carries it, with the same report evaluated, read and built from scratch.
 */

const OPEN = '2022-06-30';
const KINDS = Object.keys(REPORTS) as ReportKind[];

let db: Db;
let f: WriteFixture;

beforeEach(async () => {
	db = await freshDb();
	loadShippedPlan(db);
	f = writeFixture(db);
	expect(changePeriod(db, f.direzione, f.planId, OPEN, 'apri', null).ok).toBe(true);
});
afterEach(async () => {
	await db.close();
});

/** The selections read after every step: the whole plan at two dates, a director, a state, a dimension, one objective. */
function queries(): Array<{ query: string; objective?: string }> {
	const director = f.directors[1].directorId!;
	const code = db.sqlite.prepare('SELECT code FROM objective ORDER BY position LIMIT 1 OFFSET 3').pluck().get() as string;
	return [
		{ query: `data=${OPEN}` },
		{ query: 'data=2022-12-31' },
		{ query: `data=${OPEN}&dirigente=${director}` },
		{ query: `data=${OPEN}&stato=senza-valore` },
		{ query: `data=${OPEN}&stato=critico` },
		{ query: `data=${OPEN}&dimensione=efficacia` },
		{ query: `data=${OPEN}`, objective: code }
	];
}

/** Every report and selection, as kept and carried, equals the report built from scratch; so does each page of it. */
async function expectReportsExact(): Promise<void> {
	for (const { query, objective } of queries()) {
		const filters = parseFilters(new URLSearchParams(query));
		for (const kind of KINDS) {
			const kept = await loadReport(db, kind, filters, objective ?? null);
			const fresh = await loadReport(db, kind, filters, objective ?? null, undefined, { inFull: true });
			expect(kept.report.tables, `${kind}?${query}`).toEqual(fresh.report.tables);
			expect(kept.data.objectives).toEqual(fresh.data.objectives);
			expect(kept.data.phases).toEqual(fresh.data.phases);
			for (const page of [1, 2, 'tutte'] as const) {
				const [a, b] = [pageOfReport(kept.report, page), pageOfReport(fresh.report, page)];
				expect(a.paging).toEqual(b.paging);
				expect(a.report.tables).toEqual(b.report.tables);
			}
		}
	}
}

/**
 * The deviations as they were built before they were kept by objective: every row made again, sorted
 * with `localeCompare(…, 'it')`; and the late phases the same way. The order of the rows must not change.
 */
function deviationsAsBefore(objectives: readonly EvaluatedObjective[], lateTable: ReportTable): Array<Record<string, unknown>> {
	const rows = objectives.flatMap((o) =>
		o.indicators
			.filter((i) => i.status === 'not_measured' || (i.result.kind === 'measured' && i.result.score < 1))
			.map((i) => ({
				dirigente: o.director,
				codice_obiettivo: o.code,
				codice: i.code,
				raggiungimento: percentCell(i.result.kind === 'measured' ? i.result.score : null),
				stato: STATUS_LABELS[i.status],
				motivazione: i.latest?.justification ?? 'MOTIVAZIONE ASSENTE'
			}))
	);
	rows.sort((a, b) => a.dirigente.localeCompare(b.dirigente, 'it'));
	expect(lateTable.rows.length).toBeGreaterThan(0);
	expect(lateTable.rows.map((r) => r.dirigente)).toEqual(lateTable.rows.map((r) => String(r.dirigente)).sort((a, b) => a.localeCompare(b, 'it')));
	return rows;
}

describe('reports kept and carried over value writes', () => {
	it('equal reports built from scratch after every step of random value and phase-report writes', async () => {
		const r = seededRandom(3);
		await expectReportsExact();
		const kinds = new Set<string>();
		let phaseReports = 0;
		for (let step = 0; step < 24; step++) {
			if (r() < 0.2) phaseReports += randomPhaseReport(db, f, OPEN, r) ? 1 : 0;
			else kinds.add(randomValueWrite(db, f, OPEN, r));
			await expectReportsExact();
		}
		expect([...kinds].sort()).toEqual(['accetta tutti', 'bozza', 'invia', 'ritira', 'rivedi']);
		expect(phaseReports).toBeGreaterThan(0);
	}, 120_000);

	it('keep the deviations in the order of a sort by director with localeCompare', async () => {
		const r = seededRandom(8);
		for (let step = 0; step < 12; step++) randomValueWrite(db, f, OPEN, r);
		// At the year's end, when some phases are late.
		const filters = parseFilters(new URLSearchParams('data=2022-12-31'));
		const { report } = await loadReport(db, 'scostamenti', filters);
		const ctx = await loadPlanContext(db, filters);
		const expected = deviationsAsBefore(evaluateInFull(db, { planId: f.planId }, ctx.date, ctx.settings), report.tables[1]);
		expect(new Set(expected.map((row) => row.dirigente)).size).toBeGreaterThan(3);
		expect(report.tables[0].rows.map((row) => ({ dirigente: row.dirigente, codice_obiettivo: row.codice_obiettivo, codice: row.codice, raggiungimento: row.raggiungimento, stato: row.stato, motivazione: row.motivazione }))).toEqual(expected);
	});

	it('are built once while nothing changes, and after a value write make again only the rows of the objective it touched', async () => {
		const filters = parseFilters(new URLSearchParams('data=2022-12-31'));
		const created = await loadReport(db, 'scostamenti', filters);
		// Read again: the same tables, not built again.
		expect((await loadReport(db, 'scostamenti', filters)).report.tables).toBe(created.report.tables);
		// A plan's title rewritten is not a value write (a structural change in the change log): built again.
		db.sqlite.prepare('UPDATE plan SET title = title').run();
		const first = await loadReport(db, 'scostamenti', filters);
		expect(first.report.tables).not.toBe(created.report.tables);
		// An account created and a sign-in write, but nothing a report reads: kept.
		const userId = Number(db.sqlite.prepare("INSERT INTO user (username, display_name, role, password_hash, created_at) VALUES ('prova', 'Prova', 'direzione', 'x', '2022-06-01T00:00:00Z')").run().lastInsertRowid);
		expect((await loadReport(db, 'scostamenti', filters)).report.tables).toBe(first.report.tables);
		createSession(db, userId);
		expect((await loadReport(db, 'scostamenti', filters)).report.tables).toBe(first.report.tables);

		// A value saved for one indicator: its objective's rows are new, every other row is the same object.
		const ind = db.sqlite
			.prepare("SELECT i.id, o.code, o.director_id AS directorId FROM indicator i JOIN objective o ON o.id = i.objective_id WHERE i.type = 'numero' AND i.target IS NOT NULL ORDER BY i.id LIMIT 1")
			.get() as { id: number; code: string; directorId: number };
		const user = f.directors.find((d) => d.directorId === ind.directorId)!;
		const saved = saveEntries(db, user, OPEN, [{ indicatorId: ind.id, rawValue: '1', justification: 'molto sotto il target', evidenceUrl: null, evidenceFile: null, expectedVersion: 0 }], { submit: true });
		expect(saved.ok).toBe(true);
		const after = await loadReport(db, 'scostamenti', filters);
		expect(after.report.tables).not.toBe(first.report.tables);
		const before = new Set(first.report.tables[0].rows);
		const touched = after.report.tables[0].rows.filter((row) => row.codice_obiettivo === ind.code);
		const others = after.report.tables[0].rows.filter((row) => row.codice_obiettivo !== ind.code);
		expect(others.length).toBeGreaterThan(20);
		expect(others.every((row) => before.has(row))).toBe(true);
		expect(touched.some((row) => row.motivazione === 'molto sotto il target')).toBe(true);
		expect(touched.every((row) => !before.has(row))).toBe(true);
		// The late phases did not change: the same rows.
		expect(first.report.tables[1].rows.length).toBeGreaterThan(0);
		expect(after.report.tables[1].rows).toEqual(first.report.tables[1].rows);
		after.report.tables[1].rows.forEach((row, n) => expect(row).toBe(first.report.tables[1].rows[n]));
		await expectReportsExact();
	});
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMigratedDatabase, openDatabase, type Db } from '../db/database';
import { loadShippedPlan } from '../testing/db';
import { aggregateBy, aggregateOf, evaluateInFull, evaluateScope, evaluationCounts, type EvaluatedObjective, type EvaluationScope } from '../evaluation.service';
import { aggregateByDirector, sharesOf } from '../../shared-objectives';
import type { AchievementSettings } from '../../achievement/achievement';
import { changePeriod, saveEntries, updateTarget } from '../monitoring.service';
import { getPlanRules, readPlanRules, writePlanRules } from '../rules.repository';
import { loadPlanContext } from '../plan-context';
import { listPhasesInFull, listPhasesWithProgress } from '../phase.repository';
import { parseFilters } from '../../filters';
import { createSession, deleteSession } from '../auth/session';
import { recordFailure } from '../auth/throttle';
import { dataRevision } from './data-revision';
import { achievementTrend, trendCounts } from '../trend.service';
import { buildOverview, type OverviewOptions } from '../overview';
import { searchPlan } from '../search.repository';
import { randomPhaseReport, randomValueWrite, writeFixture, type WriteFixture } from '../testing/random-writes';
import { reviewPhaseReport, savePhaseReports, setPlannedDates } from '../phase-progress.service';
import { DEFAULT_SETTINGS } from '../../achievement/rules';
import type { MeasurementState } from '../db/schema';

/**
 * After the server's own value writes, the whole plan's evaluation is carried over by recomputing only
 * the objectives they touched (value-journal.ts). These tests drive random sequences of real writes
 * through the monitoring services and compare, after each, the carried result with a full evaluation.
 */

const OPEN = '2022-06-30';
/** Dates evaluated after every step: before, at and after the open date. */
const DATES = ['2022-03-31', OPEN, '2022-12-31'];
const PUBLIC: MeasurementState[] = ['validato'];

let dir: string;
let db: Db;

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cruscotto-journal-'));
	db = await openMigratedDatabase(path.join(dir, 'db.sqlite'));
	loadShippedPlan(db);
});
afterEach(async () => {
	await db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

function random(seed: number) {
	let s = seed >>> 0;
	return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

type Fixture = WriteFixture;
const fixture = (): Fixture => writeFixture(db);

function valueFor(type: string | null, r: () => number): string {
	if (type === 'si_no') return r() < 0.5 ? 'sì' : 'no';
	if (type === 'data') return `${String(1 + Math.floor(r() * 28)).padStart(2, '0')}/0${1 + Math.floor(r() * 9)}/2022`;
	return (Math.round(r() * 20000) / 100).toLocaleString('it-IT');
}

const scopes = (f: Fixture): Array<{ scope: EvaluationScope }> => [
	{ scope: { planId: f.planId } },
	{ scope: { planId: f.planId, valueStates: PUBLIC } },
	{ scope: { planId: f.planId, directorId: f.directors[1].directorId! } }
];

const OVERVIEW_ORDERS: OverviewOptions[] = [
	{ sort: 'dirigente', descending: false, page: 1, pageSize: 20 },
	{ sort: 'dirigente', descending: true, page: 2, pageSize: 20, directorPage: 1 },
	{ sort: 'raggiungimento', descending: true, page: 1, pageSize: 20 },
	{ sort: 'critici', descending: false, page: 1, pageSize: 20 }
];

/**
 * The overview's groups are laid out once per plan (overview.ts): its public values and directors, with
 * their figures, CdRs and order, must be those the engine's own grouping gives (aggregateBy,
 * aggregateByDirector), as the transparency pages and reports compute them.
 */
function expectOverviewAsTheEngineGroups(objectives: readonly EvaluatedObjective[], settings: AchievementSettings): void {
	const pageSize = 1000;
	const overview = buildOverview(objectives, settings, { sort: 'dirigente', descending: false, page: 1, pageSize, directorPage: 1 });
	expect(overview.publicValues).toEqual(aggregateBy(objectives, (o) => o.publicValueId, (o) => o.publicValue, settings).map((g) => ({ id: g.key, name: g.label, achievement: g.achievement })));
	const directors = aggregateByDirector(objectives, settings)
		.map((g) => ({ id: g.key, name: g.label, centres: [...new Set(g.objectives.flatMap(({ objective: o }) => sharesOf(o).filter((sh) => sh.directorId === g.key).map((sh) => sh.centreCode)))].sort(), achievement: g.achievement }))
		.sort((a, b) => a.name.localeCompare(b.name, 'it'));
	const shown = [];
	for (let page = 1; page <= overview.directors.pages; page++) shown.push(...buildOverview(objectives, settings, { sort: 'dirigente', descending: false, page: 1, pageSize, directorPage: page }).directors.rows);
	expect(shown).toEqual(directors);
	expect(overview.total).toEqual(aggregateOf(objectives, settings));
}

/** Every date and scope: the memo's answer (carried when it can be) equals a full evaluation. */
async function expectAllExact(f: Fixture): Promise<void> {
	const settings = readPlanRules(db, f.planId).rules;
	for (const date of DATES) {
		for (const { scope } of scopes(f)) {
			const kept = await evaluateScope(db, scope, date, settings);
			const full = evaluateInFull(db, scope, date, settings);
			expect(kept).toEqual(full);
			// The overview's figures, brought up to date from the previous list's, equal those made from scratch.
			for (const options of OVERVIEW_ORDERS) {
				expect(buildOverview(kept, settings, options)).toEqual(buildOverview(full, settings, options, { inFull: true }));
			}
			if (scope.directorId === undefined && scope.valueStates === undefined) expectOverviewAsTheEngineGroups(full, settings);
			const offTrack = kept.filter((o) => o.achievement.status !== 'on_track');
			expect(buildOverview(offTrack, settings, OVERVIEW_ORDERS[0])).toEqual(buildOverview(offTrack, settings, OVERVIEW_ORDERS[0], { inFull: true }));
		}
	}
	// The trends of the overview (the plan) and of a director page (with his shares), as the pages ask for them.
	const current = { planId: f.planId, year: 2022, date: OPEN, settings, dates: DATES, years: [2022] };
	const director = f.directors[1].directorId!;
	// Twice each: the second answer is the trend kept with the frames, which must not outlive a write either.
	for (let n = 0; n < 2; n++) {
		const publicValue = db.sqlite.prepare('SELECT name FROM public_value ORDER BY position LIMIT 1').pluck().get() as string;
		for (const scope of [{ plan: true as const }, { directorId: director }, { publicValue }]) {
			const kept = achievementTrend(db, current, scope);
			expect(kept.dates).toHaveLength(DATES.filter((d) => d <= OPEN).length); // a point at each date: not an empty scope
			expect(kept).toEqual(achievementTrend(db, current, scope, { inFull: true }));
		}
	}
}

/** One random write through the services, as the forms make them (testing/random-writes.ts). */
function randomWrite(f: Fixture, r: () => number): string {
	return randomValueWrite(db, f, OPEN, r);
}

describe('evaluation carried over value writes', () => {
	it('equals a full evaluation after every step of random write sequences, and is carried, not recomputed', async () => {
		const f = fixture();
		expect(changePeriod(db, f.direzione, f.planId, OPEN, 'apri', null).ok).toBe(true);
		for (const seed of [1, 2, 3]) {
			const r = random(seed);
			await expectAllExact(f); // fills the memo at the current revision
			const before = { ...evaluationCounts };
			const trendsBefore = { ...trendCounts };
			const kinds = new Set<string>();
			for (let step = 0; step < 40; step++) {
				kinds.add(randomWrite(f, r));
				await expectAllExact(f);
			}
			expect([...kinds].sort()).toEqual(['accetta tutti', 'bozza', 'invia', 'ritira', 'rivedi']);
			// The whole plans were carried: far fewer objectives evaluated in full than 40 full evaluations.
			const carried = evaluationCounts.carried - before.carried;
			const full = evaluationCounts.full - before.full;
			expect(carried).toBeGreaterThan(40 * 77);
			expect(full).toBeLessThan(carried / 10);
			// The trends' frames (one set for the plan's and the directors' figures) were carried at (nearly)
			// every step, not evaluated again in full.
			expect(trendCounts.carried - trendsBefore.carried).toBeGreaterThanOrEqual(35);
			expect(trendCounts.full - trendsBefore.full).toBeLessThanOrEqual(5);
		}
	}, 120_000);

	it('carries value writes by a second connection (the CLI, another process), mixed with its own, exactly', async () => {
		const f = fixture();
		expect(changePeriod(db, f.direzione, f.planId, OPEN, 'apri', null).ok).toBe(true);
		// The same services on another connection to the same file: its commits move data_version, not
		// this connection's own changes, and before the change log they made every memo start again.
		const other = openDatabase(db.path);
		try {
			const r = random(21);
			await expectAllExact(f);
			const before = { ...evaluationCounts };
			const trendsBefore = { ...trendCounts };
			const writers = { theirs: 0, ours: 0 };
			for (let step = 0; step < 30; step++) {
				const k = r();
				if (k < 0.5) randomValueWrite(other, f, OPEN, r), writers.theirs++;
				else if (k < 0.6) randomPhaseReport(other, f, OPEN, r), writers.theirs++;
				else randomWrite(f, r), writers.ours++;
				await expectAllExact(f);
			}
			expect(writers.theirs).toBeGreaterThan(10);
			expect(writers.ours).toBeGreaterThan(5);
			const carried = evaluationCounts.carried - before.carried;
			const full = evaluationCounts.full - before.full;
			expect(carried).toBeGreaterThan(30 * 77);
			expect(full).toBeLessThan(carried / 10);
			expect(trendCounts.full - trendsBefore.full).toBeLessThanOrEqual(5);
		} finally {
			await other.close();
		}
	}, 120_000);

	it('evaluates in full, and shows the new state, after a structural change by a second connection', async () => {
		const f = fixture();
		expect(changePeriod(db, f.direzione, f.planId, OPEN, 'apri', null).ok).toBe(true);
		const other = openDatabase(db.path);
		try {
			const r = random(23);
			for (let n = 0; n < 60; n++) randomWrite(f, r); // values saved, sent and accepted: figures a change can move
			const ind = f.indicators.find((i) => i.type === 'numero')!;
			const maxObjective = db.sqlite.prepare('SELECT max(id) FROM objective').pluck().get() as number;
			const plan = async () => evaluateScope(db, { planId: f.planId }, OPEN, readPlanRules(db, f.planId).rules);
			const indicatorsOf = async () => (await plan()).flatMap((o) => o.indicators);
			// Each change by the other connection, and what the next evaluation must show of it.
			const changes: Array<[string, () => void, () => Promise<unknown>, unknown]> = [
				['a target', () => expect(updateTarget(other, f.direzione, ind.id, '4321', 'rivisto').ok).toBe(true), async () => (await indicatorsOf()).find((i) => i.id === ind.id)?.target, 4321],
				["an objective's weight", () => other.sqlite.prepare('UPDATE objective SET weight = 37 WHERE id = ?').run(maxObjective), async () => (await plan()).find((o) => o.id === maxObjective)?.weight, 37],
				[
					'a plan rule',
					() => other.sqlite.transaction(() => writePlanRules(other, f.planId, { description: 'tetto più basso', rules: { ...DEFAULT_SETTINGS, cap: 0.8 } }, 'prova', new Date()))(),
					async () => (await getPlanRules(db, f.planId)).rules.cap,
					0.8
				],
				[
					'an indicator added',
					() =>
						other.sqlite
							.prepare("INSERT INTO indicator (objective_id, plan_id, code, position, description, type, target, polarity) SELECT objective_id, plan_id, 'AGGIUNTO', 99, 'aggiunto', 'numero', 10, 'crescente' FROM indicator WHERE id = ?")
							.run(ind.id),
					async () => (await indicatorsOf()).some((i) => i.code === 'AGGIUNTO'),
					true
				],
				[
					'a date closed',
					() => expect(changePeriod(other, f.direzione, f.planId, OPEN, 'chiudi', null, { confirmed: true }).ok).toBe(true),
					async () => (await loadPlanContext(db, parseFilters(new URLSearchParams(`data=${OPEN}`)), OPEN)).dates.includes(OPEN) && db.sqlite.prepare('SELECT state FROM monitoring_period WHERE date = ?').pluck().get(OPEN),
					'chiuso'
				]
			];
			for (const [what, change, shown, expected] of changes) {
				randomWrite(f, r); // a value write of ours just before: the structural one must not hide behind it
				await expectAllExact(f);
				expect(await shown(), what).not.toEqual(expected);
				change();
				const before = evaluationCounts.full;
				await expectAllExact(f);
				expect(evaluationCounts.full - before, what).toBeGreaterThanOrEqual(77);
				expect(await shown(), what).toEqual(expected);
			}
		} finally {
			await other.close();
		}
	}, 120_000);

	it('keeps every evaluation and trend over sign-ins, sign-outs and failed sign-ins', async () => {
		const f = fixture();
		expect(changePeriod(db, f.direzione, f.planId, OPEN, 'apri', null).ok).toBe(true);
		const r = random(11);
		randomWrite(f, r);
		const userId = Number(db.sqlite.prepare("INSERT INTO user (username, display_name, role, password_hash, created_at) VALUES ('prova', 'Prova', 'direzione', 'x', '2022-06-01T00:00:00Z')").run().lastInsertRowid);
		await expectAllExact(f); // the memos filled (an account created logs nothing either: cache/change-log.ts)
		const before = { evaluations: evaluationCounts.full, trends: trendCounts.full };
		const revision = dataRevision(db);
		const { token } = createSession(db, userId);
		recordFailure(db, ['utente:nessuno', 'indirizzo:10.0.0.1']);
		deleteSession(db, token);
		expect(dataRevision(db)).not.toBe(revision); // the data did move: rows were written
		await expectAllExact(f);
		expect(evaluationCounts.full).toBe(before.evaluations);
		expect(trendCounts.full).toBe(before.trends);
		// And a value written after them is still carried, exactly.
		randomWrite(f, r);
		await expectAllExact(f);
		expect(evaluationCounts.full).toBe(before.evaluations);
	}, 60_000);

	it('evaluates only the new date when a trend gains one', async () => {
		const f = fixture();
		const settings = readPlanRules(db, f.planId).rules;
		const at = (date: string) => ({ planId: f.planId, year: 2022, date, settings, dates: DATES, years: [2022] });
		achievementTrend(db, at(OPEN), { plan: true }); // two frames: 31/03 and 30/06
		const before = trendCounts.frames;
		const longer = achievementTrend(db, at('2022-12-31'), { plan: true }); // the same two and 31/12
		expect(trendCounts.frames - before).toBe(1);
		expect(longer).toEqual(achievementTrend(db, at('2022-12-31'), { plan: true }, { inFull: true }));
	});

	it('derives a date that appears during a campaign from the date before it, exactly, for every scope', async () => {
		const f = fixture();
		const NEW = '2022-09-15';
		expect(changePeriod(db, f.direzione, f.planId, NEW, 'apri', null).ok).toBe(true);
		const settings = readPlanRules(db, f.planId).rules;
		const publicValue = db.sqlite.prepare('SELECT name FROM public_value ORDER BY position LIMIT 1').pluck().get() as string;
		const director = f.directors[1].directorId!;
		const allScopes = [{ plan: true as const }, { directorId: director }, { publicValue }];
		const at = (date: string, dates: string[]) => ({ planId: f.planId, year: 2022, date, settings, dates, years: [2022] });
		for (const scope of allScopes) achievementTrend(db, at(OPEN, DATES), scope); // the frames up to 30/06 are kept
		// Values saved at the new date by three directors, among them the one whose trend is asked.
		const r = random(5);
		for (const directorId of [director, f.directors[2].directorId!, f.directors[4].directorId!]) {
			const user = f.directors.find((d) => d.directorId === directorId)!;
			for (const ind of f.indicators.filter((i) => i.directorId === directorId && i.type !== 'data').slice(0, 2)) {
				const saved = saveEntries(db, user, NEW, [{ indicatorId: ind.id, rawValue: valueFor(ind.type, r), justification: 'x', evidenceUrl: null, evidenceFile: null, expectedVersion: 0 }], { submit: true });
				expect(saved.ok).toBe(true);
			}
		}
		const before = { ...trendCounts };
		for (const scope of allScopes) {
			const trend = achievementTrend(db, at(NEW, [...DATES, NEW]), scope);
			expect(trend.dates.map((p) => p.date)).toEqual(['2022-03-31', OPEN, NEW]);
			expect(trend).toEqual(achievementTrend(db, at(NEW, [...DATES, NEW]), scope, { inFull: true }));
		}
		// 15/09 came from 30/06, once for every scope (the directors read the same frames with their shares):
		// nothing was evaluated in full.
		expect(trendCounts.derived - before.derived).toBe(1);
		expect(trendCounts.full).toBe(before.full);
		// The directors' figure moved where their values did: the derived date is not a copy of 30/06.
		const directorTrend = achievementTrend(db, at(NEW, [...DATES, NEW]), { directorId: director });
		expect(directorTrend.dates[2]).not.toEqual({ ...directorTrend.dates[1], date: NEW, current: true });

		// 31/12 may count missing values as zero, and phases counted by date move with it: those are evaluated whole.
		const derived = trendCounts.derived;
		achievementTrend(db, at('2022-12-31', [...DATES, NEW]), { plan: true });
		expect(trendCounts.derived).toBe(derived);
		const withPhases = { ...settings, phaseMeasure: 'numero' as const };
		const full = trendCounts.full;
		achievementTrend(db, { ...at(NEW, [...DATES, NEW]), settings: withPhases }, { plan: true });
		expect(trendCounts.derived).toBe(derived);
		expect(trendCounts.full).toBe(full + 1);
	});

	it('keeps search results over value writes, and finds an edited text at once', async () => {
		const f = fixture();
		expect(changePeriod(db, f.direzione, f.planId, OPEN, 'apri', null).ok).toBe(true);
		const first = await searchPlan(db, f.planId, 'scuola');
		expect(first.total).toBeGreaterThan(0);
		const revision = dataRevision(db);
		randomWrite(f, random(3));
		randomWrite(f, random(4));
		expect(dataRevision(db)).not.toBe(revision);
		expect(await searchPlan(db, f.planId, 'scuola')).toBe(first); // kept, not read again
		// A text changed by anything but a value write (here an import would): the next search reads the index.
		db.sqlite.prepare("UPDATE objective SET description = description || ' zanzariere' WHERE id = (SELECT MIN(id) FROM objective)").run();
		expect((await searchPlan(db, f.planId, 'zanzariere')).total).toBe(1);
		expect(await searchPlan(db, f.planId, 'scuola')).not.toBe(first);
		expect(await searchPlan(db, f.planId, 'scuola')).toEqual(first);
	});

	it('keeps the plan context and rules over value writes, with the dates that now hold values', async () => {
		const f = fixture();
		const NEW = '2022-09-30';
		expect(changePeriod(db, f.direzione, f.planId, NEW, 'apri', null).ok).toBe(true);
		const before = await loadPlanContext(db, parseFilters(new URLSearchParams('data=2022-06-30')), '2022-10-15');
		const rules = await getPlanRules(db, f.planId);
		expect(before.dates).not.toContain(NEW);
		const ind = f.indicators.find((i) => i.type === 'numero')!;
		const user = f.directors.find((d) => d.directorId === ind.directorId)!;
		const saved = saveEntries(db, user, NEW, [{ indicatorId: ind.id, rawValue: '12', justification: 'x', evidenceUrl: null, evidenceFile: null, expectedVersion: 0 }], { submit: true });
		expect(saved.ok).toBe(true);
		const after = await loadPlanContext(db, parseFilters(new URLSearchParams('data=2022-06-30')), '2022-10-15');
		expect(after.dates).toContain(NEW); // the value's date is offered at once
		expect(after.directors).toBe(before.directors); // the rest was kept, not read again
		expect(await getPlanRules(db, f.planId)).toBe(rules);
		// A write that is not a value's drops them: the next read is fresh.
		expect(updateTarget(db, f.direzione, ind.id, '999', 'rivisto').ok).toBe(true);
		expect((await loadPlanContext(db, parseFilters(new URLSearchParams('data=2022-06-30')), '2022-10-15')).directors).not.toBe(before.directors);
	});

	it('keeps a whole plan\'s phases over value and phase-report writes, equal to a fresh read', async () => {
		const f = fixture();
		expect(changePeriod(db, f.direzione, f.planId, OPEN, 'apri', null).ok).toBe(true);
		const phases = db.sqlite.prepare('SELECT f.id, o.director_id AS directorId FROM phase f JOIN objective o ON o.id = f.objective_id ORDER BY f.id').all() as Array<{ id: number; directorId: number }>;
		const r = random(5);
		const statuses = ['in corso', 'completata', 'sospesa', 'non avviata'];
		const byDirector = (db.sqlite.prepare('SELECT group_concat(id) AS ids FROM objective WHERE plan_id = ? GROUP BY director_id').all(f.planId) as Array<{ ids: string }>).map((d) => d.ids.split(',').map(Number));
		expect(byDirector.length).toBeGreaterThan(5);
		const expectSame = () => {
			for (const asOf of [OPEN, '2022-12-31']) expect(listPhasesWithProgress(db, { planId: f.planId }, asOf)).toEqual(listPhasesInFull(db, f.planId, asOf));
			// A director's phases: from the plan's kept ones at those dates, read at a date the plan is not kept at.
			for (const asOf of [OPEN, '2022-12-31', '2022-03-31']) {
				for (const ids of byDirector) expect(listPhasesWithProgress(db, { planId: f.planId, objectiveIds: ids }, asOf)).toEqual(listPhasesWithProgress(db, { objectiveIds: ids }, asOf));
			}
		};
		expectSame();
		let reports = 0;
		for (let step = 0; step < 30; step++) {
			if (r() < 0.3) randomWrite(f, r);
			else {
				const phase = phases[Math.floor(r() * phases.length)];
				const user = f.directors.find((d) => d.directorId === phase.directorId)!;
				const version = (db.sqlite.prepare('SELECT version FROM phase_progress WHERE phase_id = ? AND date = ?').get(phase.id, OPEN) as { version: number } | undefined)?.version ?? 0;
				const status = statuses[Math.floor(r() * statuses.length)];
				const saved = savePhaseReports(db, user, OPEN, [{ phaseId: phase.id, status, percent: status === 'in corso' ? '40' : '', actualStart: status === 'non avviata' ? '' : '2022-02-01', actualEnd: status === 'completata' ? '2022-06-01' : '', note: '', expectedVersion: version }], { submit: r() < 0.7 });
				if (saved.ok) reports++;
			}
			expectSame();
		}
		expect(reports).toBeGreaterThan(10);
		// A value write changes no phase: the plan's rows stay the very same array (what reports made from them is kept).
		const rows = listPhasesWithProgress(db, { planId: f.planId }, OPEN);
		randomWrite(f, r);
		expect(listPhasesWithProgress(db, { planId: f.planId }, OPEN)).toBe(rows);
		expectSame();
	});

	it('evaluates in full again when something other than a value write moved the data', async () => {
		const f = fixture();
		expect(changePeriod(db, f.direzione, f.planId, OPEN, 'apri', null).ok).toBe(true);
		const r = random(7);
		randomWrite(f, r);
		await expectAllExact(f);
		// A target changed: the indicator's definition, not a value: logged as structural.
		const ind = f.indicators.find((i) => i.type === 'numero')!;
		expect(updateTarget(db, f.direzione, ind.id, '12345', 'rivisto').ok).toBe(true);
		const before = evaluationCounts.full;
		await expectAllExact(f);
		expect(evaluationCounts.full - before).toBeGreaterThanOrEqual(77);
		// Another connection's structural commit (the CLI importing a plan, a second server) does too.
		randomWrite(f, r);
		await expectAllExact(f);
		const other = openDatabase(db.path);
		other.sqlite.prepare('UPDATE objective SET weight = 7 WHERE id = (SELECT min(id) FROM objective)').run();
		await other.close();
		randomWrite(f, r);
		const beforeOther = evaluationCounts.full;
		await expectAllExact(f);
		expect(evaluationCounts.full - beforeOther).toBeGreaterThanOrEqual(77);
	}, 60_000);

	it('stays exact with «misura dalle fasi» on: phase reports, their review and planned dates change results, never stale', async () => {
		const f = fixture();
		db.sqlite.transaction(() => writePlanRules(db, f.planId, { description: 'fasi per numero', rules: { ...DEFAULT_SETTINGS, phaseMeasure: 'numero' } }, 'prova', new Date()))();
		// The objectives without a measurable indicator get planned ends on both sides of the open date.
		const phases = db.sqlite
			.prepare(
				`SELECT f.id, o.director_id AS directorId FROM phase f JOIN objective o ON o.id = f.objective_id
				WHERE NOT EXISTS (SELECT 1 FROM indicator i WHERE i.objective_id = o.id AND (i.target IS NOT NULL OR i.target_date IS NOT NULL OR i.type = 'si_no')) ORDER BY f.id`
			)
			.all() as Array<{ id: number; directorId: number }>;
		expect(phases.length).toBeGreaterThan(10);
		phases.forEach((p, n) => db.sqlite.prepare('UPDATE phase SET end_date = ? WHERE id = ?').run(n % 3 === 2 ? '2022-10-31' : '2022-05-31', p.id));
		expect(changePeriod(db, f.direzione, f.planId, OPEN, 'apri', null).ok).toBe(true);
		const measuredByPhases = async () => (await evaluateScope(db, { planId: f.planId }, OPEN, readPlanRules(db, f.planId).rules)).filter((o) => o.achievement.byPhases?.kind === 'measured').length;
		await expectAllExact(f);
		expect(await measuredByPhases()).toBeGreaterThan(0);
		const r = random(11);
		const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
		const kinds = new Set<string>();
		for (let step = 0; step < 30; step++) {
			const p = pick(phases);
			const user = f.directors.find((d) => d.directorId === p.directorId)!;
			const k = r();
			const submitted = db.sqlite.prepare("SELECT id, version FROM phase_progress WHERE state = 'inviato'").all() as Array<{ id: number; version: number }>;
			if (k < 0.55 || submitted.length === 0) {
				const version = (db.sqlite.prepare('SELECT version FROM phase_progress WHERE phase_id = ? AND date = ?').get(p.id, OPEN) as { version: number } | undefined)?.version ?? 0;
				const status = pick(['completata', 'in corso', 'non avviata']);
				const res = savePhaseReports(db, user, OPEN, [{ phaseId: p.id, status, percent: '', actualStart: status === 'non avviata' ? '' : '2022-02-01', actualEnd: status === 'completata' ? '2022-05-20' : '', note: '', expectedVersion: version }], { submit: r() < 0.7 });
				kinds.add(res.ok ? 'fase salvata' : 'fase rifiutata');
			} else if (k < 0.85) {
				const m = pick(submitted);
				expect(reviewPhaseReport(db, f.direzione, m.id, m.version, r() < 0.7 ? 'accetta' : 'restituisci', 'da rivedere').ok).toBe(true);
				kinds.add('fase rivista');
			} else {
				// Not a value write: the chain breaks and the next evaluation is full.
				expect(setPlannedDates(db, f.direzione, p.id, '', r() < 0.5 ? '2022-06-15' : '2022-11-30', 'ripianificata').ok).toBe(true);
				kinds.add('date previste');
			}
			await expectAllExact(f);
		}
		expect(kinds).toContain('fase rivista');
		expect(kinds).toContain('date previste');
		expect(await measuredByPhases()).toBeGreaterThan(0);
	}, 120_000);
});

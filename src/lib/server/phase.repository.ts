import { sql } from 'kysely';
import type { Db } from './db/database';
import { runRaw } from './db/raw-query';
import { RevisionMemo } from './cache/revision-memo';
import { objectivesChangedBetween } from './cache/value-journal';
import type { MeasurementState, PhaseStatus } from '../vocabulary';

/** A phase with its latest reviewed report at a date (report fields null when there is none). */
export interface PhaseWithProgressRow {
	id: number;
	objective_id: number;
	objective_code: string;
	objective_title: string;
	director: string;
	number: number;
	description: string;
	amount_cents: number | null;
	start_date: string | null;
	end_date: string | null;
	planned_source: string | null;
	progress_date: string | null;
	status: PhaseStatus | null;
	percent: number | null;
	actual_start: string | null;
	actual_end: string | null;
	note: string | null;
	progress_state: MeasurementState | null;
}

type PhaseScope = { objectiveId: number } | { objectiveIds: readonly number[] } | { planId: number; directorId?: number } | { planId: number; objectiveIds: readonly number[] };

/**
 * Phases with their latest reviewed report at or before a reference date (drafts are the director's
 * own until he submits them): one query for an objective, a director or a whole plan, never one per phase.
 * A whole plan's (the reports, the direction's monitoring page: 27.600 phases at 100 times the plan) is
 * kept per data revision and, over value and phase-report writes, brought up to date by reading again
 * only the phases of the objectives they touched.
 * `validatedOnly`: only reports the Nucleo validated (the public pages), read each time, never kept.
 */
export function listPhasesWithProgress(db: Db, scope: PhaseScope, asOf: string, options: { validatedOnly?: boolean } = {}): readonly PhaseWithProgressRow[] {
	if (options.validatedOnly) return readPhases(db, scope, asOf, true);
	if ('planId' in scope && 'objectiveIds' in scope) {
		// Some objectives of a plan (a director's): from the plan's kept phases when they are kept at this
		// date (the reports keep them), in the same order as the query; else read, without keeping the
		// whole plan for it (80-140 ms at 100 times the plan, for one director's hundred phases).
		const kept = plans.current(db).get(`${scope.planId}|${asOf}`);
		if (!kept) return readPhases(db, { objectiveIds: scope.objectiveIds }, asOf);
		// Ordered by their place in the plan, found in a map made once per kept plan: filtering the
		// plan's 7.700 objectives for a director's dozen cost 0,1-0,2 ms per page at 100 times the plan.
		const position = (kept.position ??= new Map(kept.order.map((id, n) => [id, n])));
		const ids = [...new Set(scope.objectiveIds)].filter((id) => position.has(id));
		ids.sort((a, b) => position.get(a)! - position.get(b)!);
		return ids.flatMap((id) => kept.byObjective.get(id)!);
	}
	if ('planId' in scope && !('objectiveIds' in scope) && scope.directorId === undefined) {
		const memo = plans.current(db);
		const key = `${scope.planId}|${asOf}`;
		let kept = memo.get(key);
		if (!kept) memo.set(key, (kept = groupByObjective(asOf, readPhases(db, scope, asOf))));
		return (kept.rows ??= Object.freeze(kept.order.flatMap((id) => kept!.byObjective.get(id)!)));
	}
	return readPhases(db, scope, asOf);
}

/** A whole plan's phases read now, bypassing the memo: the reference the kept ones must equal. */
export function listPhasesInFull(db: Db, planId: number, asOf: string): PhaseWithProgressRow[] {
	return readPhases(db, { planId }, asOf);
}

/** A whole plan's phases, by objective in plan order (so that one objective's phases can be replaced). */
interface PlanPhases {
	asOf: string;
	order: number[];
	byObjective: Map<number, readonly PhaseWithProgressRow[]>;
	rows?: readonly PhaseWithProgressRow[];
	/** Each objective's index in `order`, made when first needed. */
	position?: Map<number, number>;
}

function groupByObjective(asOf: string, rows: readonly PhaseWithProgressRow[]): PlanPhases {
	const byObjective = new Map<number, PhaseWithProgressRow[]>();
	const order: number[] = [];
	for (const r of rows) {
		let list = byObjective.get(r.objective_id);
		if (!list) byObjective.set(r.objective_id, (list = [])), order.push(r.objective_id);
		list.push(Object.freeze(r));
	}
	return { asOf, order, byObjective, rows: Object.freeze(rows) };
}

const plans = new RevisionMemo<PlanPhases>(300_000, (p) => 1 + (p.rows?.length ?? p.order.length * 4), (db, from, to, entries) => {
	const changed = objectivesChangedBetween(db, from, to);
	if (!changed) return [];
	if (changed.size === 0) return entries;
	return entries.map(([key, p]) => {
		const ids = [...changed].filter((id) => p.byObjective.has(id));
		if (ids.length === 0) return [key, p];
		const fresh = groupByObjective(p.asOf, readPhases(db, { objectiveIds: ids }, p.asOf));
		// A value write touches an objective without changing its phases: then the plan's rows stay the
		// same array, and what was made from them (the reports' judgement of 27.600 phases) stays too.
		const moved = ids.filter((id) => !samePhases(p.byObjective.get(id)!, fresh.byObjective.get(id) ?? []));
		if (moved.length === 0) return [key, p];
		const byObjective = new Map(p.byObjective);
		for (const id of moved) byObjective.set(id, fresh.byObjective.get(id) ?? []);
		return [key, { asOf: p.asOf, order: p.order, byObjective, position: p.position }];
	});
});

function samePhases(a: readonly PhaseWithProgressRow[], b: readonly PhaseWithProgressRow[]): boolean {
	if (a.length !== b.length) return false;
	return a.every((row, n) => {
		const other = b[n] as unknown as Record<string, unknown>;
		return Object.entries(row).every(([field, value]) => other[field] === value);
	});
}

function readPhases(db: Db, scope: PhaseScope, asOf: string, validatedOnly = false): PhaseWithProgressRow[] {
	if ('objectiveIds' in scope && scope.objectiveIds.length === 0) return [];
	let where: string;
	const params: unknown[] = [asOf];
	if ('objectiveId' in scope) (where = 'f.objective_id = ?'), params.push(scope.objectiveId);
	else if ('objectiveIds' in scope) (where = 'f.objective_id IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(scope.objectiveIds));
	else {
		where = 'o.plan_id = ?';
		params.push(scope.planId);
		if (scope.directorId !== undefined) (where += ' AND o.director_id = ?'), params.push(scope.directorId);
	}
	const rows = runRaw<
		[number, number, string, string, string, number, string, number | null, string | null, string | null, string | null, string | null, PhaseStatus | null, number | null, string | null, string | null, string | null, MeasurementState | null]
	>(
		db,
		`SELECT f.id, f.objective_id, o.code, o.title, d.name, f.number, f.description, f.amount_cents, f.start_date, f.end_date, f.planned_source,
			pp.date, pp.status, pp.percent, pp.actual_start, pp.actual_end, pp.note, pp.state
		FROM phase f JOIN objective o ON o.id = f.objective_id JOIN director d ON d.id = o.director_id
		LEFT JOIN phase_progress pp ON pp.id = (SELECT p2.id FROM phase_progress p2 WHERE p2.phase_id = f.id AND p2.date <= ? AND ${validatedOnly ? "p2.state = 'validato'" : "p2.state <> 'bozza'"} ORDER BY p2.date DESC LIMIT 1)
		WHERE ${where} ORDER BY o.position, f.number`,
		params,
		[2, 3, 4, 8, 9, 10, 11, 12, 14, 15, 17]
	);
	return rows.map((r) => ({
		id: r[0],
		objective_id: r[1],
		objective_code: r[2],
		objective_title: r[3],
		director: r[4],
		number: r[5],
		description: r[6],
		amount_cents: r[7],
		start_date: r[8],
		end_date: r[9],
		planned_source: r[10],
		progress_date: r[11],
		status: r[12],
		percent: r[13],
		actual_start: r[14],
		actual_end: r[15],
		note: r[16],
		progress_state: r[17]
	}));
}

/**
 * A director's phases for one monitoring date (objectives he leads: he enters their values too), each
 * with its report at the date in any state and the latest reviewed report before it: one query.
 */
export async function listPhaseEntryRows(db: Db, planId: number, directorId: number, date: string) {
	return db.kysely
		.selectFrom('phase as f')
		.innerJoin('objective as o', 'o.id', 'f.objective_id')
		.leftJoin('phase_progress as cur', (j) => j.onRef('cur.phase_id', '=', 'f.id').on('cur.date', '=', date))
		.leftJoin('phase_progress as prev', (j) =>
			j.onRef('prev.id', '=', sql<number>`(SELECT p2.id FROM phase_progress p2 WHERE p2.phase_id = f.id AND p2.date < ${date} AND p2.state <> 'bozza' ORDER BY p2.date DESC LIMIT 1)`)
		)
		.where('o.plan_id', '=', planId)
		.where('o.director_id', '=', directorId)
		.select([
			'f.id',
			'f.number',
			'f.description',
			'f.start_date',
			'f.end_date',
			'o.code as objective_code',
			'o.title as objective_title',
			'cur.id as report_id',
			'cur.status',
			'cur.percent',
			'cur.actual_start',
			'cur.actual_end',
			'cur.note',
			'cur.state',
			'cur.version',
			'cur.review_comment',
			'prev.date as prev_date',
			'prev.status as prev_status',
			'prev.percent as prev_percent',
			'prev.actual_start as prev_actual_start',
			'prev.actual_end as prev_actual_end'
		])
		.orderBy('o.position')
		.orderBy('f.number')
		.execute();
}

/** The phase reports waiting for the direction (submitted) or back with the director (returned), one query. */
export async function phaseReviewQueue(db: Db, planId: number) {
	return db.kysely
		.selectFrom('phase_progress as pp')
		.innerJoin('phase as f', 'f.id', 'pp.phase_id')
		.innerJoin('objective as o', 'o.id', 'f.objective_id')
		.innerJoin('director as d', 'd.id', 'o.director_id')
		.where('o.plan_id', '=', planId)
		.where('pp.state', 'in', ['inviato', 'restituito'])
		.select([
			'pp.id', 'pp.version', 'pp.state', 'pp.date', 'pp.status', 'pp.percent', 'pp.actual_start', 'pp.actual_end', 'pp.note', 'pp.review_comment',
			'pp.entered_by', 'pp.entered_at', 'f.number', 'f.description', 'f.start_date', 'f.end_date', 'o.code as objective_code', 'o.title as objective_title',
			'd.name as director',
			'd.id as director_id'
		])
		.orderBy('d.name')
		.orderBy('o.position')
		.orderBy('f.number')
		.execute();
}

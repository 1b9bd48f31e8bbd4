import { sql } from 'kysely';
import type { Db } from './db/database';

/**
 * Phases with their latest reviewed report at or before a reference date (drafts are the director's
 * own until he submits them): one query for an objective, a director or a whole plan, never one per phase.
 */
export async function listPhasesWithProgress(db: Db, scope: { objectiveId: number } | { objectiveIds: number[] } | { planId: number; directorId?: number }, asOf: string) {
	if ('objectiveIds' in scope && scope.objectiveIds.length === 0) return [];
	let q = db.kysely
		.selectFrom('phase as f')
		.innerJoin('objective as o', 'o.id', 'f.objective_id')
		.innerJoin('director as d', 'd.id', 'o.director_id')
		.leftJoin('phase_progress as pp', (j) =>
			j.onRef('pp.id', '=', sql<number>`(SELECT p2.id FROM phase_progress p2 WHERE p2.phase_id = f.id AND p2.date <= ${asOf} AND p2.state <> 'bozza' ORDER BY p2.date DESC LIMIT 1)`)
		);
	if ('objectiveId' in scope) q = q.where('f.objective_id', '=', scope.objectiveId);
	else if ('objectiveIds' in scope) q = q.where('f.objective_id', 'in', scope.objectiveIds);
	else {
		q = q.where('o.plan_id', '=', scope.planId);
		if (scope.directorId !== undefined) q = q.where('o.director_id', '=', scope.directorId);
	}
	return q
		.select([
			'f.id',
			'f.objective_id',
			'o.code as objective_code',
			'o.title as objective_title',
			'd.name as director',
			'f.number',
			'f.description',
			'f.amount_cents',
			'f.start_date',
			'f.end_date',
			'f.planned_source',
			'pp.date as progress_date',
			'pp.status',
			'pp.percent',
			'pp.actual_start',
			'pp.actual_end',
			'pp.note',
			'pp.state as progress_state'
		])
		.orderBy('o.position')
		.orderBy('f.number')
		.execute();
}

export type PhaseWithProgressRow = Awaited<ReturnType<typeof listPhasesWithProgress>>[number];

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
			'd.name as director'
		])
		.orderBy('d.name')
		.orderBy('o.position')
		.orderBy('f.number')
		.execute();
}

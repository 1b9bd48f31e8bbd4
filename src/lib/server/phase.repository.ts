import { sql } from 'kysely';
import type { Db } from './db/database';

/**
 * Phases with their latest reviewed report at or before a reference date (drafts are the director's
 * own until he submits them): one query for an objective, a director or a whole plan, never one per phase.
 */
export async function listPhasesWithProgress(db: Db, scope: { objectiveId: number } | { planId: number; directorId?: number }, asOf: string) {
	let q = db.kysely
		.selectFrom('phase as f')
		.innerJoin('objective as o', 'o.id', 'f.objective_id')
		.leftJoin('phase_progress as pp', (j) =>
			j.onRef('pp.id', '=', sql<number>`(SELECT p2.id FROM phase_progress p2 WHERE p2.phase_id = f.id AND p2.date <= ${asOf} AND p2.state <> 'bozza' ORDER BY p2.date DESC LIMIT 1)`)
		);
	if ('objectiveId' in scope) q = q.where('f.objective_id', '=', scope.objectiveId);
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

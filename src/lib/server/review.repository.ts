import { sql } from 'kysely';
import type { Db } from './db/database';
import { OWNER_SQL } from './ownership';
import { INDICATOR_DEFINITION, measurementsOfPlan } from './entry.repository';

/** The direction's review queue: every submitted or returned value of a plan, by the director who owns it, objective, indicator. */
export async function reviewQueue(db: Db, planId: number) {
	return measurementsOfPlan(db, planId)
		.innerJoin('director as d', (j) => j.on('d.id', '=', sql.raw<number>(OWNER_SQL)))
		.where('m.state', 'in', ['inviato', 'restituito'])
		.select([
			'm.id', 'm.version', 'm.state', 'm.date', 'm.value', 'm.value_date', 'm.numerator', 'm.denominator', 'm.grade', 'm.justification', 'm.review_comment', 'm.evidence_url', 'm.evidence_file_id',
			'm.entered_by', 'm.entered_at', 'i.id as indicator_id', 'i.code', 'i.description', ...INDICATOR_DEFINITION, 'i.numerator_name', 'i.denominator_name',
			'o.code as objective_code', 'o.title as objective_title', 'd.id as director_id', 'd.name as director'
		])
		.orderBy('d.name')
		.orderBy('o.position')
		.orderBy('i.position')
		.execute();
}

/** The last recorded target change of each of the given indicators (one query), so changed targets stand out. */
export async function lastTargetChanges(db: Db, indicatorIds: number[]): Promise<Map<number, { at: string; reason: string | null }>> {
	if (indicatorIds.length === 0) return new Map();
	const changes = await db.kysely
		.selectFrom('audit_log')
		.where('action', '=', 'target modificato')
		.where('indicator_id', 'in', indicatorIds)
		.select(['indicator_id', 'at', 'reason'])
		.orderBy('id')
		.execute();
	return new Map(changes.map((c) => [c.indicator_id!, { at: c.at, reason: c.reason }]));
}

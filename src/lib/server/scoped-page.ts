/**
 * Shared by the director and public-value pages: evaluated objectives with their phases, shaped for
 * ObjectiveList. Two queries beyond the evaluation, whatever the number of objectives.
 */
import type { EvaluatedObjective } from './evaluation.service';
import type { Db } from './db/database';
import { listPhasesOfObjectives } from './plan.repository';
import type { PhaseWithProgressRow } from './phase.repository';
import { sharesLabel } from '../shared-objectives';
import { formatNumber } from '../format';
import { phaseMeasureNote } from '../phases/measure';
import { pageOf } from '../page-of';

/** One page of the objectives (page-of.ts), only its rows read further for their phases and drawn. */
export async function objectivePageWithPhases(db: Db, objectives: readonly EvaluatedObjective[], page: number, size: number) {
	const { rows, ...paging } = pageOf(objectives, page, size);
	return { rows: await objectiveRowsWithPhases(db, rows), paging };
}

/** Phase fields ObjectiveList draws: a phase row of either query has them. */
type ListedPhase = Pick<PhaseWithProgressRow, 'objective_id' | 'number' | 'description' | 'amount_cents' | 'start_date' | 'end_date'>;

/**
 * `phases`: the objectives' phases when the page has read them already (the director's page, for its
 * timeline), in objective and phase order; else one query here.
 */
export async function objectiveRowsWithPhases(db: Db, objectives: readonly EvaluatedObjective[], phases?: readonly ListedPhase[]) {
	phases ??= await listPhasesOfObjectives(db, objectives.map((o) => o.id));
	const byObjective = new Map<number, ListedPhase[]>();
	for (const p of phases) {
		let list = byObjective.get(p.objective_id);
		if (!list) byObjective.set(p.objective_id, (list = []));
		list.push(p);
	}
	return objectives.map((o) => ({
		id: o.id,
		code: o.code,
		title: o.title,
		// A shared objective names all its directors with their shares.
		director: sharesLabel(o, (q) => `${formatNumber(q)} %`),
		shared: o.shares.length > 0,
		centreCode: o.centreCode,
		centreName: o.centreName,
		publicValue: o.publicValue,
		score: o.achievement.score,
		status: o.achievement.status,
		label: o.achievement.label,
		// «Misura dalle fasi»: the result comes from the phases, and the row says how.
		byPhases: phaseMeasureNote(o.achievement),
		phases: byObjective.get(o.id) ?? [],
		indicators: o.indicators.map((i) => ({
			code: i.code,
			description: i.description,
			type: i.type,
			unit: i.unit,
			target: i.target,
			targetDate: i.targetDate,
			latest: i.latest && { value: i.latest.value, valueDate: i.latest.valueDate, grade: i.latest.grade },
			status: i.status
		}))
	}));
}

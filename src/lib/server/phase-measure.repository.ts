/**
 * The phases the rule «misura dalle fasi» reads (phases/measure.ts), in one set-based statement per
 * evaluation and only when the year's rules ask for it: never a query per objective.
 */
import type { MeasuredPhase } from '../phases/measure';
import type { MeasurementState, PhaseStatus } from '../vocabulary';
import type { Db } from './db/database';
import { runRaw } from './db/raw-query';

type PhaseRow = [number, number, string, number | null, PhaseStatus | null, string | null, string | null];

/** Quoted states for an IN list: they come from the vocabulary, never from a request. */
const inList = (states: readonly MeasurementState[]) => states.map((s) => `'${s.replace(/'/g, "''")}'`).join(', ');

function group(rows: PhaseRow[], report: (r: PhaseRow) => MeasuredPhase['report']): Map<number, MeasuredPhase[]> {
	const byObjective = new Map<number, MeasuredPhase[]>();
	for (const r of rows) {
		let list = byObjective.get(r[0]);
		if (!list) byObjective.set(r[0], (list = []));
		list.push({ number: r[1], plannedEnd: r[2], amountCents: r[3], report: report(r) });
	}
	return byObjective;
}

/**
 * The dated phases of the objectives an evaluation covers (`conditions` on objective o, and on its CdR c
 * when `withCentre`), each with its latest counted report at the date: one index seek per phase on
 * phase_progress (phase_id, date), as the values' query does on measurement. Phases without a planned
 * end are left out: the rule never counts them.
 */
export function phasesForEvaluation(
	db: Db,
	where: { conditions: string; params: ReadonlyArray<string | number>; withCentre: boolean },
	date: string,
	states: readonly MeasurementState[]
): Map<number, MeasuredPhase[]> {
	const rows = runRaw<PhaseRow>(
		db,
		`SELECT f.objective_id, f.number, f.end_date, f.amount_cents, pp.status, pp.actual_start, pp.actual_end
		FROM objective o
		${where.withCentre ? 'JOIN responsibility_centre c ON c.id = o.centre_id' : ''}
		JOIN phase f ON f.objective_id = o.id
		LEFT JOIN phase_progress pp ON pp.id = (
			SELECT p2.id FROM phase_progress p2
			WHERE p2.phase_id = f.id AND p2.date <= ? AND p2.state IN (${inList(states)})
			ORDER BY p2.date DESC LIMIT 1)
		WHERE ${where.conditions} AND f.end_date IS NOT NULL
		ORDER BY f.objective_id, f.number`,
		[date, ...where.params]
	);
	return group(rows, (r) => (r[4] === null ? null : { status: r[4], actualStart: r[5], actualEnd: r[6] }));
}

/** A dated phase of some plans with every counted report, oldest first: the trends pick the latest at each date in memory. */
export interface PhaseHistory {
	objectiveId: number;
	phase: Omit<MeasuredPhase, 'report'>;
	reports: Array<{ date: string; status: PhaseStatus; actualStart: string | null; actualEnd: string | null }>;
}

/** Every dated phase of the plans with its counted reports: one statement for all the trend's frames. */
export function phaseHistoriesOfPlans(
	db: Db,
	planIds: readonly number[],
	states: readonly MeasurementState[],
	only: { objectiveCode?: string; objectiveIds?: readonly number[] } = {}
): PhaseHistory[] {
	let where = 'o.plan_id IN (SELECT value FROM json_each(?))';
	const params: Array<string | number> = [JSON.stringify(planIds)];
	if (only.objectiveCode !== undefined) (where += ' AND o.code = ?'), params.push(only.objectiveCode);
	if (only.objectiveIds !== undefined) (where += ' AND o.id IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(only.objectiveIds));
	const rows = runRaw<[number, number, number, string, number | null, string | null, PhaseStatus | null, string | null, string | null]>(
		db,
		`SELECT f.objective_id, f.id, f.number, f.end_date, f.amount_cents, pp.date, pp.status, pp.actual_start, pp.actual_end
		FROM objective o JOIN phase f ON f.objective_id = o.id
		LEFT JOIN phase_progress pp ON pp.phase_id = f.id AND pp.state IN (${inList(states)})
		WHERE ${where} AND f.end_date IS NOT NULL
		ORDER BY f.objective_id, f.number, f.id, pp.date`,
		params
	);
	const out: PhaseHistory[] = [];
	let lastId = -1;
	for (const r of rows) {
		if (r[1] !== lastId) {
			out.push({ objectiveId: r[0], phase: { number: r[2], plannedEnd: r[3], amountCents: r[4] }, reports: [] });
			lastId = r[1];
		}
		if (r[5] !== null) out[out.length - 1].reports.push({ date: r[5], status: r[6]!, actualStart: r[7], actualEnd: r[8] });
	}
	return out;
}

/** The phases of each objective as they stood at a date, from their histories (no query). */
export function phasesAt(histories: readonly PhaseHistory[], date: string): Map<number, MeasuredPhase[]> {
	const byObjective = new Map<number, MeasuredPhase[]>();
	for (const h of histories) {
		let latest: PhaseHistory['reports'][number] | null = null;
		for (const r of h.reports) {
			if (r.date > date) break;
			latest = r;
		}
		let list = byObjective.get(h.objectiveId);
		if (!list) byObjective.set(h.objectiveId, (list = []));
		list.push({ ...h.phase, report: latest && { status: latest.status, actualStart: latest.actualStart, actualEnd: latest.actualEnd } });
	}
	return byObjective;
}

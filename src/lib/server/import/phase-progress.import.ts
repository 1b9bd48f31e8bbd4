/**
 * The rows of avanzamento_fasi.csv, written inside the import's transaction: each names a phase by its
 * objective's code (in a plan year) and number; its progress at the date is inserted or updated, taken
 * as accepted like an imported value. Planned dates given with it become the phase's; once the phase
 * has a validated report they change only from the page, with a reason.
 */
import type { ProblemList } from '../../interchange/problems';
import type { PhaseProgressRow } from '../../interchange/phase-progress-rows';
import type { Validity } from '../../interchange/rows';
import { EXAMPLE_SOURCE } from '../examples';
import type { Db } from '../db/database';
import type { Row } from '../db/schema';

export interface ObjectiveRefLike {
	id: number;
	planId: number;
	year: number;
}

type ProgressRow = Row<'phase_progress', 'id' | 'status' | 'percent' | 'actual_start' | 'actual_end' | 'note' | 'source' | 'state'>;

export function applyPhaseProgressRows(
	db: Db,
	rows: Array<PhaseProgressRow & Validity & { file: string }>,
	problems: ProblemList,
	tally: (outcome: 'created' | 'updated' | 'unchanged') => void,
	resolveObjective: (year: number | null, code: string, file: string, line: number) => ObjectiveRefLike | null,
	who: { enteredBy: string; now: string },
	/** Each monitoring date the file reports at (the import with --validati validates them). */
	onDate: (planId: number, date: string, place: { file: string; line: number }) => void = () => {}
): void {
	if (rows.length === 0) return;
	const s = db.sqlite;
	const q = {
		phase: s.prepare<[number, number], Row<'phase', 'id' | 'start_date' | 'end_date' | 'planned_source'>>('SELECT id, start_date, end_date, planned_source FROM phase WHERE objective_id = ? AND number = ?'),
		hasValidated: s.prepare<[number], number>("SELECT 1 FROM phase_progress WHERE phase_id = ? AND state = 'validato' LIMIT 1").pluck(),
		progress: s.prepare<[number, string], ProgressRow>('SELECT id, status, percent, actual_start, actual_end, note, source, state FROM phase_progress WHERE phase_id = ? AND date = ?'),
		insert: s.prepare(
			`INSERT INTO phase_progress (phase_id, date, status, percent, actual_start, actual_end, note, source, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		),
		update: s.prepare(
			`UPDATE phase_progress SET status = ?, percent = ?, actual_start = ?, actual_end = ?, note = ?, source = ?, entered_by = ?, entered_at = ?, state = 'accettato', version = version + 1 WHERE id = ?`
		),
		planned: s.prepare('UPDATE phase SET start_date = ?, end_date = ?, planned_source = ? WHERE id = ?')
	};
	for (const row of rows) {
		if (!row.objectiveCode || !row.number) continue;
		const objective = resolveObjective(row.year, row.objectiveCode, row.file, row.line);
		if (!row.valid || objective === null || objective.id < 0) continue;
		const phase = q.phase.get(objective.id, row.number);
		if (!phase) {
			problems.error(row.file, row.line, 'numero', `l’obiettivo ${row.objectiveCode} (${objective.year}) non ha una fase ${row.number}: va indicata in fasi.csv`);
			continue;
		}
		if (row.plannedStart !== null || row.plannedEnd !== null) {
			const start = row.plannedStart ?? phase.start_date;
			const end = row.plannedEnd ?? phase.end_date;
			if (start && end && end < start) {
				problems.error(row.file, row.line, row.plannedStart ? 'data_inizio_prevista' : 'data_fine_prevista', 'la fine prevista precede l’inizio previsto');
				continue;
			}
			if (start !== phase.start_date || end !== phase.end_date) {
				if (q.hasValidated.get(phase.id)) {
					problems.error(row.file, row.line, 'data_inizio_prevista', 'la fase ha un avanzamento validato dal Nucleo: le date previste si cambiano dalla pagina dell’obiettivo, con una motivazione');
					continue;
				}
				// Nothing is written once there is an error: the remaining rows are only checked.
				if (!problems.hasErrors) q.planned.run(start, end, row.source === EXAMPLE_SOURCE ? EXAMPLE_SOURCE : null, phase.id);
			}
		}
		if (problems.hasErrors) continue;
		onDate(objective.planId, row.date, row);
		const status = row.status!;
		const existing = q.progress.get(phase.id, row.date);
		try {
			if (!existing) {
				q.insert.run(phase.id, row.date, status, row.percent, row.actualStart, row.actualEnd, row.note, row.source, who.enteredBy, who.now);
				tally('created');
			} else if (
				existing.status === status &&
				existing.percent === row.percent &&
				existing.actual_start === row.actualStart &&
				existing.actual_end === row.actualEnd &&
				existing.note === row.note &&
				existing.source === row.source
			) {
				tally('unchanged');
			} else {
				q.update.run(status, row.percent, row.actualStart, row.actualEnd, row.note, row.source, who.enteredBy, who.now, existing.id);
				tally('updated');
			}
		} catch (e) {
			// A validated monitoring date refuses changes (database trigger): say where, keep going.
			if (e instanceof Error && /validata/.test(e.message)) problems.error(row.file, row.line, 'data', e.message);
			else throw e;
		}
	}
}

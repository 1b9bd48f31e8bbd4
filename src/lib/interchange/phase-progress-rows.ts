/**
 * avanzamento_fasi.csv as typed rows: a phase (objective code and number, in a plan year) and its
 * progress at a monitoring date. Checks that need only the file are made here; the rest (the phase
 * exists, the date is open, the phase is the uploader's) by the service that writes the rows.
 */
import type { CsvTable } from './csv-reader';
import type { ProblemList } from './problems';
import { DuplicateCheck, recordMapper, type RowMapper } from './rows';
import { PHASE_STATUSES, type PhaseStatus } from '../vocabulary';

export interface PhaseProgressRow {
	line: number;
	year: number | null;
	objectiveCode: string;
	number: number;
	date: string;
	status: PhaseStatus | null;
	percent: number | null;
	actualStart: string | null;
	actualEnd: string | null;
	note: string | null;
	plannedStart: string | null;
	plannedEnd: string | null;
	source: string | null;
}

export function phaseProgressRowMapper(table: CsvTable, problems: ProblemList): RowMapper<PhaseProgressRow> {
	const dup = new DuplicateCheck(table.file, problems);
	return recordMapper(table, problems, (f, r) => {
		const row: PhaseProgressRow = {
			line: r.line,
			year: f.optionalYear('anno'),
			objectiveCode: f.requiredText('codice_obiettivo'),
			number: f.requiredInteger('numero', 1),
			date: f.date('data', true) ?? '',
			status: f.oneOf('stato', PHASE_STATUSES),
			percent: f.number('percentuale'),
			actualStart: f.date('data_inizio_effettiva'),
			actualEnd: f.date('data_fine_effettiva'),
			note: f.optionalText('nota'),
			plannedStart: f.date('data_inizio_prevista'),
			plannedEnd: f.date('data_fine_prevista'),
			source: f.optionalText('fonte')
		};
		if (f.text('stato') === '') f.fail('stato', `valore obbligatorio mancante (valori ammessi: ${PHASE_STATUSES.join(', ')})`);
		const problem = phaseProgressProblem(row);
		if (problem) f.fail(problem.field, problem.message);
		if (row.plannedStart && row.plannedEnd && row.plannedEnd < row.plannedStart) f.fail('data_fine_prevista', 'la fine prevista precede l’inizio previsto');
		if (row.objectiveCode && row.number && row.date) {
			dup.check(`${row.year ?? ''}\u0000${row.objectiveCode}\u0000${row.number}\u0000${row.date}`, r.line, 'data', `avanzamento della fase ${row.number} di ${row.objectiveCode} al ${row.date}`);
		}
		return row;
	});
}

/**
 * What a report must hold together, whether it comes from a file or the form: a percentage from 0 to
 * 100, an end not before the start, no dates after the monitoring date (a report tells what has
 * happened), a completed phase with its end date, a phase not started without an actual start.
 * Columns are the file's (the form maps them to its fields).
 */
export function phaseProgressProblem(r: {
	date: string;
	status: PhaseStatus | null;
	percent: number | null;
	actualStart: string | null;
	actualEnd: string | null;
}): { field: string; message: string } | null {
	if (r.percent !== null && (r.percent < 0 || r.percent > 100)) return { field: 'percentuale', message: 'la percentuale va da 0 a 100' };
	if (r.actualStart && r.actualEnd && r.actualEnd < r.actualStart) return { field: 'data_fine_effettiva', message: 'la fine effettiva precede l’inizio effettivo' };
	if (r.date && r.actualStart && r.actualStart > r.date) return { field: 'data_inizio_effettiva', message: 'l’inizio effettivo è dopo la data di monitoraggio: si dichiara ciò che è già avvenuto' };
	if (r.date && r.actualEnd && r.actualEnd > r.date) return { field: 'data_fine_effettiva', message: 'la fine effettiva è dopo la data di monitoraggio: si dichiara ciò che è già avvenuto' };
	if (r.status === 'completata' && !r.actualEnd) return { field: 'data_fine_effettiva', message: 'una fase completata ha la sua data di fine effettiva' };
	if (r.status !== 'completata' && r.actualEnd) return { field: 'stato', message: 'con una data di fine effettiva la fase è «completata»' };
	if (r.status === 'non_avviata' && r.actualStart) return { field: 'stato', message: 'con una data di inizio effettivo la fase non è «non avviata»' };
	if (r.status === 'non_avviata' && r.percent !== null && r.percent > 0) return { field: 'percentuale', message: 'una fase non avviata non ha una percentuale di avanzamento' };
	return null;
}

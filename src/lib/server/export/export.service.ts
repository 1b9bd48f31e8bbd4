/**
 * Builds the interchange files from the database: the inverse of the import, so that export → import
 * into an empty database gives back the same rows.
 */
import { writeCsv, type Cell } from '../../interchange/csv-writer';
import { ASSIGNMENTS_FILE, INDICATORS_FILE, MEASUREMENTS_FILE, OBJECTIVES_FILE, PHASE_PROGRESS_FILE, PHASES_FILE, PLAN_FILE, type FileFormat } from '../../interchange/formats';
import type { Db } from '../db/database';
import type { IndicatorType, MeasurementState } from '../db/schema';

export interface ExportFilter {
	year?: number;
	directorId?: number;
	centreCode?: string;
	publicValueId?: number;
	/** Only values in these states (the public open data: only validated ones). Default: all but drafts. */
	valueStates?: MeasurementState[];
	/** Only the file of this name (`misurazioni.csv`); none if no file has it. The others are not read. */
	only?: string;
}

export interface ExportedFile {
	fileName: string;
	text: string;
	rows: number;
}

/** Euro cents back to the plain decimal the interchange format uses: 929454281 → "9294542.81". */
export function centsToDecimal(cents: number): string {
	const sign = cents < 0 ? '-' : '';
	const abs = Math.abs(cents);
	return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A typed value back to its interchange spelling. */
export function typedValueToCell(type: IndicatorType | null, value: number | null, date: string | null): Cell {
	if (type === 'data') return date;
	if (value === null) return null;
	if (type === 'si_no') return value === 1 ? 'si' : 'no';
	return value;
}

export async function exportFiles(db: Db, filter: ExportFilter = {}): Promise<ExportedFile[]> {
	const k = db.kysely;

	let plans = k.selectFrom('plan').select(['id', 'year', 'body', 'title']).orderBy('year');
	if (filter.year !== undefined) plans = plans.where('year', '=', filter.year);
	const planRows = await plans.execute();
	const planIds = planRows.map((p) => p.id);
	if (planIds.length === 0) planIds.push(-1);
	// The objectives of the selection, as a subquery every file is filtered by.
	let selected = k.selectFrom('objective as so').innerJoin('responsibility_centre as sc', 'sc.id', 'so.centre_id').where('so.plan_id', 'in', planIds);
	if (filter.directorId !== undefined) selected = selected.where('so.director_id', '=', filter.directorId);
	if (filter.centreCode !== undefined) selected = selected.where('sc.code', '=', filter.centreCode);
	if (filter.publicValueId !== undefined) selected = selected.where('so.public_value_id', '=', filter.publicValueId);
	const selectedIds = selected.select('so.id');
	// Values and phase reports in these states: by default all but drafts (the open data: validated only).
	const states = filter.valueStates ?? ['inviato', 'restituito', 'accettato', 'validato'];

	const file = (format: FileFormat, rows: Array<Record<string, Cell>>): ExportedFile => ({
		fileName: format.fileName,
		text: writeCsv(format, rows),
		rows: rows.length
	});
	// Each file's rows are read only when that file is asked for: one open-data CSV, or the rules beside
	// them, must not cost the whole plan's export (at 100 times the shipped plan, seconds and 18 MB).
	const files: Array<[FileFormat, () => Promise<Array<Record<string, Cell>>>]> = [
		[PLAN_FILE, async () => planRows.map((p) => ({ anno: p.year, ente: p.body, titolo: p.title }))],
		[
			OBJECTIVES_FILE,
			async () => {
				const rows = await k
					.selectFrom('objective as o')
					.innerJoin('plan as p', 'p.id', 'o.plan_id')
					.innerJoin('public_value as pv', 'pv.id', 'o.public_value_id')
					.innerJoin('responsibility_centre as c', 'c.id', 'o.centre_id')
					.innerJoin('director as d', 'd.id', 'o.director_id')
					.where('o.id', 'in', selectedIds)
					.select([
						'p.year', 'o.code', 'pv.name as public_value', 'o.title', 'o.description', 'c.code as centre_code', 'c.name as centre_name',
						'd.name as director', 'o.weight', 'o.mission', 'o.programme', 'o.strategic_objective'
					])
					.orderBy('p.year')
					.orderBy('o.position')
					.execute();
				return rows.map((o) => ({
					anno: o.year,
					codice: o.code,
					valore_pubblico: o.public_value,
					titolo: o.title,
					descrizione: o.description,
					cdr_codice: o.centre_code,
					cdr_nome: o.centre_name,
					dirigente: o.director,
					peso: o.weight,
					missione: o.mission,
					programma: o.programme,
					obiettivo_strategico: o.strategic_objective
				}));
			}
		],
		[
			ASSIGNMENTS_FILE,
			async () => {
				const rows = await k
					.selectFrom('objective_assignment as a')
					.innerJoin('objective as o', 'o.id', 'a.objective_id')
					.innerJoin('plan as p', 'p.id', 'o.plan_id')
					.innerJoin('director as d', 'd.id', 'a.director_id')
					.innerJoin('responsibility_centre as c', 'c.id', 'a.centre_id')
					.where('o.id', 'in', selectedIds)
					// A transversal objective is written as the one row it was read from: «tutti i dirigenti».
					.where((eb) => eb.or([eb('o.all_directors', '=', 0), eb('a.id', '=', eb.selectFrom('objective_assignment as f').whereRef('f.objective_id', '=', 'o.id').select((e) => e.fn.min('f.id').as('m')))]))
					.select(['p.year', 'o.code as objective_code', 'd.name as director', 'c.code as centre_code', 'a.quota', 'o.all_directors'])
					.orderBy('o.plan_id')
					.orderBy('o.position')
					.orderBy('a.quota', 'desc')
					.orderBy('d.name')
					.execute();
				return rows.map((a) =>
					a.all_directors
						? { anno: a.year, codice_obiettivo: a.objective_code, dirigente: 'tutti i dirigenti', cdr_codice: null, quota: null }
						: { anno: a.year, codice_obiettivo: a.objective_code, dirigente: a.director, cdr_codice: a.centre_code, quota: a.quota }
				);
			}
		],
		[
			PHASES_FILE,
			async () => {
				const rows = await k
					.selectFrom('phase as f')
					.innerJoin('objective as o', 'o.id', 'f.objective_id')
					.innerJoin('plan as p', 'p.id', 'o.plan_id')
					.where('o.id', 'in', selectedIds)
					.select(['p.year', 'o.code as objective_code', 'f.number', 'f.description', 'f.amount_cents', 'f.start_date', 'f.end_date'])
					.orderBy('o.plan_id')
					.orderBy('o.position')
					.orderBy('f.number')
					.execute();
				return rows.map((f) => ({
					anno: f.year,
					codice_obiettivo: f.objective_code,
					numero: f.number,
					descrizione: f.description,
					importo: f.amount_cents === null ? null : centsToDecimal(f.amount_cents),
					data_inizio: f.start_date,
					data_fine: f.end_date
				}));
			}
		],
		[
			INDICATORS_FILE,
			async () => {
				const rows = await k
					.selectFrom('indicator as i')
					.innerJoin('objective as o', 'o.id', 'i.objective_id')
					.innerJoin('plan as p', 'p.id', 'o.plan_id')
					.where('o.id', 'in', selectedIds)
					.leftJoin('director as d', 'd.id', 'i.director_id')
					.select(['p.year', 'o.code as objective_code', 'i.code', 'i.description', 'i.type', 'i.unit', 'i.polarity', 'i.baseline', 'i.target', 'i.target_date', 'i.weight', 'i.dimension', 'i.formula', 'i.numerator_name', 'i.denominator_name', 'i.data_source', 'd.name as director'])
					.orderBy('o.plan_id')
					.orderBy('o.position')
					.orderBy('i.position')
					.execute();
				return rows.map((i) => ({
					anno: i.year,
					codice_obiettivo: i.objective_code,
					codice: i.code,
					descrizione: i.description,
					tipo: i.type,
					unita: i.unit,
					polarita: i.polarity,
					baseline: typedValueToCell(i.type, i.baseline, null),
					target: typedValueToCell(i.type, i.target, i.target_date),
					peso: i.weight,
					dimensione: i.dimension,
					formula: i.formula,
					numeratore: i.numerator_name,
					denominatore: i.denominator_name,
					fonte_dato: i.data_source,
					dirigente: i.director
				}));
			}
		],
		[
			MEASUREMENTS_FILE,
			async () => {
				const rows = await k
					.selectFrom('measurement as m')
					.innerJoin('indicator as i', 'i.id', 'm.indicator_id')
					.innerJoin('objective as o', 'o.id', 'i.objective_id')
					.innerJoin('plan as p', 'p.id', 'o.plan_id')
					.where('o.id', 'in', selectedIds)
					.where('m.state', 'in', states)
					.select(['p.year', 'i.code', 'i.type', 'm.date', 'm.value', 'm.value_date', 'm.numerator', 'm.denominator', 'm.grade', 'm.justification', 'm.source'])
					.orderBy('o.plan_id')
					.orderBy('o.position')
					.orderBy('i.position')
					.orderBy('m.date')
					.execute();
				return rows.map((m) => ({
					anno: m.year,
					codice_indicatore: m.code,
					data: m.date,
					valore: typedValueToCell(m.type, m.value, m.value_date),
					numeratore: m.numerator,
					denominatore: m.denominator,
					giudizio: m.grade,
					motivazione: m.justification,
					fonte: m.source
				}));
			}
		],
		[
			PHASE_PROGRESS_FILE,
			async () => {
				// Phase reports in the same states as the values (the open data: validated only). Planned dates
				// travel in fasi.csv; the two columns of avanzamento_fasi.csv that can also carry them stay empty.
				const rows = await k
					.selectFrom('phase_progress as pp')
					.innerJoin('phase as f', 'f.id', 'pp.phase_id')
					.innerJoin('objective as o', 'o.id', 'f.objective_id')
					.innerJoin('plan as p', 'p.id', 'o.plan_id')
					.where('o.id', 'in', selectedIds)
					.where('pp.state', 'in', states)
					.select(['p.year', 'o.code as objective_code', 'f.number', 'pp.date', 'pp.status', 'pp.percent', 'pp.actual_start', 'pp.actual_end', 'pp.note', 'pp.source'])
					.orderBy('o.plan_id')
					.orderBy('o.position')
					.orderBy('f.number')
					.orderBy('pp.date')
					.execute();
				return rows.map((r) => ({
					anno: r.year,
					codice_obiettivo: r.objective_code,
					numero: r.number,
					data: r.date,
					stato: r.status,
					percentuale: r.percent,
					data_inizio_effettiva: r.actual_start,
					data_fine_effettiva: r.actual_end,
					nota: r.note,
					fonte: r.source
				}));
			}
		]
	];
	const chosen = filter.only === undefined ? files : files.filter(([format]) => format.fileName === filter.only);
	const exported: ExportedFile[] = [];
	for (const [format, rows] of chosen) exported.push(file(format, await rows()));
	return exported;
}

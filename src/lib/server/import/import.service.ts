/**
 * Imports interchange CSV files into the database: every file parsed, every reference resolved, every
 * row upserted by its codes, all in one transaction. Any error rolls everything back, so the database is
 * either as it was or fully updated; a dry run does the same work and always rolls back.
 *
 * Writes go through better-sqlite3 prepared statements inside one synchronous transaction: the fastest
 * path SQLite offers, and one where nothing else can interleave.
 */
import { readCsv, type CsvTable } from '../../interchange/csv-reader';
import { FILE_FORMATS, type FileFormat } from '../../interchange/formats';
import { ProblemList, type Problem } from '../../interchange/problems';
import {
	assignmentRowMapper,
	indicatorRowMapper,
	measurementRowMapper,
	objectiveRowMapper,
	parseTypedValue,
	phaseRowMapper,
	planRowMapper,
	type AssignmentRow,
	type IndicatorRow,
	type MeasurementRow,
	type ObjectiveRow,
	type PhaseRow,
	type PlanRow,
	type RowMapper,
	type TypedValue,
	type Validity
} from '../../interchange/rows';
import { withValueTriggersPaused } from '../cache/change-log';
import { analyzeTables, type Db } from '../db/database';
import { appendAudit } from '../audit';
import { formatDate } from '../../format';
import { valueFromQuantities } from '../../ratio';
import { findGrade, gradeNames } from '../../achievement/grades';
import type { Grade } from '../../achievement/rules';
import { readPlanRules } from '../rules.repository';
import { phaseProgressRowMapper, type PhaseProgressRow } from '../../interchange/phase-progress-rows';
import { applyPhaseProgressRows } from './phase-progress.import';
import type { IndicatorType } from '../db/schema';
import { recordTouchedDate, validateImportedDates, type TouchedDates, type ValidatedImport } from './validated-history';

export interface ImportInput {
	/** The name shown in messages (the path as the user gave it). */
	file: string;
	format: FileFormat;
	bytes: Uint8Array;
}

export const ENTITY_LABELS = {
	plans: 'piani',
	publicValues: 'valori pubblici',
	centres: 'centri di responsabilità',
	directors: 'dirigenti',
	objectives: 'obiettivi',
	assignments: 'assegnazioni (obiettivi condivisi)',
	phases: 'fasi',
	indicators: 'indicatori',
	measurements: 'misurazioni',
	phaseProgress: 'avanzamenti delle fasi'
} as const;
export type Entity = keyof typeof ENTITY_LABELS;
export interface Tally {
	created: number;
	updated: number;
	unchanged: number;
}
export type Counts = Record<Entity, Tally>;

export interface ImportOptions {
	dryRun?: boolean;
	/** Who the measurements are recorded as entered by. */
	enteredBy?: string;
	now?: Date;
	onProgress?: (message: string) => void;
	/**
	 * Historical results already validated: values are loaded as validated and their monitoring dates
	 * as validated (an explicit act, with its reason in the change log). Absent: values are accepted.
	 */
	validated?: ValidatedImport;
}

export interface ImportReport {
	dryRun: boolean;
	/** True when the changes were committed. */
	applied: boolean;
	counts: Counts;
	errors: Problem[];
	warnings: Problem[];
	/** With `validated`: how many values, phase reports and dates became validated. */
	validated?: { dates: number; values: number; phases: number };
}

class Rollback extends Error {}

function emptyCounts(): Counts {
	const counts = {} as Counts;
	for (const key of Object.keys(ENTITY_LABELS) as Entity[]) counts[key] = { created: 0, updated: 0, unchanged: 0 };
	return counts;
}

interface ParsedFiles {
	plans: Array<PlanRow & Validity & { file: string }>;
	objectives: Array<ObjectiveRow & Validity & { file: string }>;
	assignments: Array<AssignmentRow & Validity & { file: string }>;
	phases: Array<PhaseRow & Validity & { file: string }>;
	indicators: Array<IndicatorRow & Validity & { file: string }>;
	measurements: Array<MeasurementRow & Validity & { file: string }>;
	phaseProgress: Array<PhaseProgressRow & Validity & { file: string }>;
}

/** Parses every input; never touches the database. */
export function parseInputs(inputs: ImportInput[], problems: ProblemList, onProgress?: (message: string) => void): ParsedFiles {
	const parsed: ParsedFiles = { plans: [], objectives: [], assignments: [], phases: [], indicators: [], measurements: [], phaseProgress: [] };
	const seen = new Map<string, string>();
	for (const input of inputs) {
		const other = seen.get(input.format.fileName);
		if (other) {
			problems.error(input.file, 0, null, `stesso tipo di file già indicato (${other}): indicarne uno solo`);
			continue;
		}
		seen.set(input.format.fileName, input.file);
		// Streamed: each record becomes its typed row as it is read, and only the row is kept.
		const readInto = <T>(mapper: (table: CsvTable, problems: ProblemList) => RowMapper<T>, into: Array<T & Validity & { file: string }>) => {
			readCsv(input.file, input.bytes, input.format, problems, {
				onProgress: onProgress && ((n) => onProgress(`${input.file}: ${n.toLocaleString('it-IT')} righe lette`)),
				eachRecord: (table) => {
					const map = mapper(table, problems);
					return (record) => {
						const row = map(record) as T & Validity & { file: string };
						row.file = input.file;
						into.push(row);
					};
				}
			});
		};
		switch (input.format.fileName) {
			case 'piano.csv':
				readInto(planRowMapper, parsed.plans);
				break;
			case 'obiettivi.csv':
				readInto(objectiveRowMapper, parsed.objectives);
				break;
			case 'assegnazioni.csv':
				readInto(assignmentRowMapper, parsed.assignments);
				break;
			case 'fasi.csv':
				readInto(phaseRowMapper, parsed.phases);
				break;
			case 'indicatori.csv':
				readInto(indicatorRowMapper, parsed.indicators);
				break;
			case 'misurazioni.csv':
				readInto(measurementRowMapper, parsed.measurements);
				break;
			case 'avanzamento_fasi.csv':
				readInto(phaseProgressRowMapper, parsed.phaseProgress);
				break;
		}
	}
	return parsed;
}

export function importFiles(db: Db, inputs: ImportInput[], options: ImportOptions = {}): ImportReport {
	const problems = new ProblemList();
	const counts = emptyCounts();
	const dryRun = options.dryRun ?? false;
	const parsed = parseInputs(inputs, problems, options.onProgress);

	let applied = false;
	let validated: ImportReport['validated'];
	// A large import touches many index pages at once (values arrive date by date, the index is by
	// indicator): a bigger page cache for its duration keeps them in memory instead of spilling them.
	const cacheSize = db.sqlite.pragma('cache_size', { simple: true }) as number;
	if (cacheSize > -IMPORT_CACHE_KIB && cacheSize < IMPORT_CACHE_KIB / 4) db.sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
	try {
		db.sqlite.transaction(() => {
			const actor = { userId: null, name: options.enteredBy ?? 'importazione CSV' };
			// Values by the million: logged once for the objectives the files name, not row by row
			// (cache/change-log.ts); a validated history also changes values the files do not name.
			withValueTriggersPaused(
				db,
				() => {
					const touched = applyRows(db, parsed, problems, counts, options);
					if (options.validated && !problems.hasErrors) validated = validateImportedDates(db, touched, problems, actor, options.validated);
				},
				() => (options.validated ? null : objectivesNamed(db, parsed))
			);
			if (problems.hasErrors || dryRun) throw new Rollback();
			// One record per import in the audit log, committed with the import itself.
			appendAudit(db, actor, {
				action: 'importazione CSV',
				entity: 'importazione',
				ref: inputs.map((i) => i.file).join(', '),
				after: Object.fromEntries(Object.entries(counts).filter(([, t]) => t.created + t.updated > 0).map(([k, t]) => [k, `${t.created} nuovi, ${t.updated} aggiornati`]))
			});
		})();
		applied = true;
		// New rows by the thousand: the planner's statistics must follow (see database.ts).
		if (!dryRun) analyzeTables(db);
	} catch (e) {
		if (!(e instanceof Rollback)) throw e;
	} finally {
		db.sqlite.pragma(`cache_size = ${cacheSize}`);
	}
	return { dryRun, applied, counts, errors: inReadingOrder(problems.errors, inputs), warnings: inReadingOrder(problems.warnings, inputs), validated };
}

/**
 * Every objective whose values or phase progress the files may have written: those of the indicators
 * and objectives they name, by code, in any plan year (a superset is only evaluated again).
 */
function objectivesNamed(db: Db, parsed: ParsedFiles): number[] {
	const indicatorCodes = [...new Set(parsed.measurements.map((r) => r.indicatorCode).filter(Boolean))];
	const objectiveCodes = [...new Set(parsed.phaseProgress.map((r) => r.objectiveCode).filter(Boolean))];
	if (indicatorCodes.length === 0 && objectiveCodes.length === 0) return [];
	return db.sqlite
		.prepare<[string, string], number>(
			`SELECT objective_id FROM indicator WHERE code IN (SELECT value FROM json_each(?))
			 UNION SELECT id FROM objective WHERE code IN (SELECT value FROM json_each(?))`
		)
		.pluck()
		.all(JSON.stringify(indicatorCodes), JSON.stringify(objectiveCodes));
}

/** The page cache during an import, in KiB (SQLite's default is 2,000 KiB). */
export const IMPORT_CACHE_KIB = 65_536;

/** Problems sorted as a person reads the files: file by file in the order given, line by line. */
function inReadingOrder(problems: Problem[], inputs: ImportInput[]): Problem[] {
	const fileOrder = new Map(inputs.map((input, i) => [input.file, i]));
	return problems
		.map((p, i) => ({ p, i }))
		.sort((a, b) => (fileOrder.get(a.p.file) ?? 0) - (fileOrder.get(b.p.file) ?? 0) || a.p.line - b.p.line || a.i - b.i)
		.map(({ p }) => p);
}

/** Counts a row as created, updated or unchanged. */
function tally(counts: Counts, entity: Entity, outcome: keyof Tally): void {
	counts[entity][outcome]++;
}

function same(a: unknown, b: unknown): boolean {
	return (a ?? null) === (b ?? null);
}

/** Rows per INSERT statement for new values: 64 × 10 parameters, well under SQLite's limit of 32,766. */
const MEASUREMENT_BATCH = 64;

/** Writes every row; returns the monitoring dates the measurements were for, by plan. */
function applyRows(db: Db, parsed: ParsedFiles, problems: ProblemList, counts: Counts, options: ImportOptions): TouchedDates {
	const touched: TouchedDates = new Map();
	const s = db.sqlite;
	const now = (options.now ?? new Date()).toISOString();
	const enteredBy = options.enteredBy ?? 'importazione CSV';
	const progress = options.onProgress;

	const q = {
		planByYear: s.prepare<[number], { id: number; body: string; title: string }>('SELECT id, body, title FROM plan WHERE year = ?'),
		insertPlan: s.prepare('INSERT INTO plan (year, body, title) VALUES (?, ?, ?)'),
		updatePlan: s.prepare('UPDATE plan SET body = ?, title = ? WHERE id = ?'),
		publicValue: s.prepare<[number, string], { id: number }>('SELECT id FROM public_value WHERE plan_id = ? AND name = ?'),
		nextPublicValuePosition: s.prepare<[number], { p: number }>('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM public_value WHERE plan_id = ?'),
		insertPublicValue: s.prepare('INSERT INTO public_value (plan_id, name, position) VALUES (?, ?, ?)'),
		centre: s.prepare<[number, string], { id: number; name: string }>('SELECT id, name FROM responsibility_centre WHERE plan_id = ? AND code = ?'),
		insertCentre: s.prepare('INSERT INTO responsibility_centre (plan_id, code, name) VALUES (?, ?, ?)'),
		updateCentre: s.prepare('UPDATE responsibility_centre SET name = ? WHERE id = ?'),
		director: s.prepare<[string], { id: number }>('SELECT id FROM director WHERE name = ?'),
		insertDirector: s.prepare('INSERT INTO director (name) VALUES (?)'),
		objective: s.prepare<[number, string], Record<string, unknown> & { id: number }>(
			'SELECT id, public_value_id, title, description, centre_id, director_id, weight, mission, programme, strategic_objective FROM objective WHERE plan_id = ? AND code = ?'
		),
		objectivesByCode: s.prepare<[string], { id: number; plan_id: number; year: number }>(
			'SELECT o.id, o.plan_id, p.year FROM objective o JOIN plan p ON p.id = o.plan_id WHERE o.code = ? ORDER BY p.year'
		),
		nextObjectivePosition: s.prepare<[number], { p: number }>('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM objective WHERE plan_id = ?'),
		insertObjective: s.prepare(
			`INSERT INTO objective (plan_id, code, position, public_value_id, title, description, centre_id, director_id, weight, mission, programme, strategic_objective)
			 VALUES (@plan_id, @code, @position, @public_value_id, @title, @description, @centre_id, @director_id, @weight, @mission, @programme, @strategic_objective)`
		),
		updateObjective: s.prepare(
			`UPDATE objective SET public_value_id = @public_value_id, title = @title, description = @description, centre_id = @centre_id,
			 director_id = @director_id, weight = @weight, mission = @mission, programme = @programme, strategic_objective = @strategic_objective WHERE id = @id`
		),
		phase: s.prepare<[number, number], { id: number; description: string; amount_cents: number | null; start_date: string | null; end_date: string | null }>(
			'SELECT id, description, amount_cents, start_date, end_date FROM phase WHERE objective_id = ? AND number = ?'
		),
		insertPhase: s.prepare(
			'INSERT INTO phase (objective_id, number, description, amount_cents, start_date, end_date) VALUES (@objective_id, @number, @description, @amount_cents, @start_date, @end_date)'
		),
		updatePhase: s.prepare('UPDATE phase SET description = @description, amount_cents = @amount_cents, start_date = @start_date, end_date = @end_date WHERE id = @id'),
		indicator: s.prepare<[number, string], Record<string, unknown> & { id: number; objective_id: number }>(
			'SELECT id, objective_id, description, type, unit, polarity, baseline, target, target_date, weight, dimension, formula, numerator_name, denominator_name, data_source, director_id FROM indicator WHERE plan_id = ? AND code = ?'
		),
		nextIndicatorPosition: s.prepare<[number], { p: number }>('SELECT COALESCE(MAX(position), 0) + 1 AS p FROM indicator WHERE objective_id = ?'),
		insertIndicator: s.prepare(
			`INSERT INTO indicator (objective_id, plan_id, code, position, description, type, unit, polarity, baseline, target, target_date, weight, dimension, formula, numerator_name, denominator_name, data_source, director_id)
			 VALUES (@objective_id, @plan_id, @code, @position, @description, @type, @unit, @polarity, @baseline, @target, @target_date, @weight, @dimension, @formula, @numerator_name, @denominator_name, @data_source, @director_id)`
		),
		updateIndicator: s.prepare(
			`UPDATE indicator SET objective_id = @objective_id, description = @description, type = @type, unit = @unit, polarity = @polarity,
			 baseline = @baseline, target = @target, target_date = @target_date, weight = @weight, dimension = @dimension, formula = @formula,
			 numerator_name = @numerator_name, denominator_name = @denominator_name, data_source = @data_source, director_id = @director_id WHERE id = @id`
		),
		allIndicators: s.prepare<[], { id: number; code: string; type: IndicatorType | null; plan_id: number; year: number }>(
			'SELECT i.id, i.code, i.type, i.plan_id, p.year FROM indicator i JOIN plan p ON p.id = i.plan_id'
		),
		lockedDates: s.prepare<[], { plan_id: number; date: string }>(`SELECT plan_id, date FROM monitoring_period WHERE state = 'validato'`),
		measurement: s.prepare<
			[number, string],
			{ id: number; value: number | null; value_date: string | null; numerator: number | null; denominator: number | null; grade: string | null; justification: string | null; source: string | null }
		>(
			'SELECT id, value, value_date, numerator, denominator, grade, justification, source FROM measurement WHERE indicator_id = ? AND date = ?'
		),
		insertMeasurement: s.prepare(
			'INSERT INTO measurement (indicator_id, date, value, value_date, numerator, denominator, grade, justification, source, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
		),
		updateMeasurement: s.prepare(
			'UPDATE measurement SET value = ?, value_date = ?, numerator = ?, denominator = ?, grade = ?, justification = ?, source = ?, entered_by = ?, entered_at = ?, version = version + 1 WHERE id = ?'
		)
	};

	// ---- Plans -------------------------------------------------------------------------------
	const planIds = new Map<number, number>();
	for (const row of parsed.plans) {
		if (!row.valid) continue;
		const existing = q.planByYear.get(row.year);
		if (!existing) {
			planIds.set(row.year, Number(q.insertPlan.run(row.year, row.body, row.title).lastInsertRowid));
			tally(counts, 'plans', 'created');
		} else {
			planIds.set(row.year, existing.id);
			if (existing.body === row.body && existing.title === row.title) tally(counts, 'plans', 'unchanged');
			else {
				q.updatePlan.run(row.body, row.title, existing.id);
				tally(counts, 'plans', 'updated');
			}
		}
	}
	const planFor = (year: number, file: string, line: number): number => {
		let id = planIds.get(year) ?? q.planByYear.get(year)?.id;
		if (id === undefined) {
			id = Number(q.insertPlan.run(year, '', `Piano ${year}`).lastInsertRowid);
			tally(counts, 'plans', 'created');
			problems.warn(file, line, 'anno', `piano ${year} creato senza ente né titolo: aggiungere piano.csv per indicarli`);
		}
		planIds.set(year, id);
		return id;
	};

	// ---- Objectives, with their public values, centres and directors ---------------------------
	// Objectives of this batch by year and code; an invalid row maps to id -1: known, but nothing to attach to.
	const batchObjectives = new ObjectivesByCode();
	const centreNames = new Map<string, { name: string; line: number }>();
	const publicValues = new Map<string, number>();
	const directors = new Map<string, number>();
	for (const row of parsed.objectives) {
		if (!row.valid) {
			if (row.code && row.year) batchObjectives.set(row.code, { id: -1, planId: -1, year: row.year });
			continue;
		}
		const planId = planFor(row.year, row.file, row.line);

		const pvKey = `${planId}\u0000${row.publicValue}`;
		let publicValueId = publicValues.get(pvKey);
		if (publicValueId === undefined) {
			publicValueId = q.publicValue.get(planId, row.publicValue)?.id;
			if (publicValueId === undefined) {
				publicValueId = Number(q.insertPublicValue.run(planId, row.publicValue, q.nextPublicValuePosition.get(planId)!.p).lastInsertRowid);
				tally(counts, 'publicValues', 'created');
			} else tally(counts, 'publicValues', 'unchanged');
			publicValues.set(pvKey, publicValueId);
		}

		const centreKey = `${planId}\u0000${row.centreCode}`;
		const firstName = centreNames.get(centreKey);
		if (firstName && row.centreName && firstName.name && firstName.name !== row.centreName) {
			problems.error(row.file, row.line, 'cdr_nome', `il CdR ${row.centreCode} ha già il nome «${firstName.name}» alla riga ${firstName.line}`);
			batchObjectives.set(row.code, { id: -1, planId, year: row.year });
			continue;
		}
		if (!firstName || (!firstName.name && row.centreName)) centreNames.set(centreKey, { name: row.centreName, line: row.line });
		const centre = q.centre.get(planId, row.centreCode);
		let centreId: number;
		if (!centre) {
			centreId = Number(q.insertCentre.run(planId, row.centreCode, row.centreName).lastInsertRowid);
			tally(counts, 'centres', 'created');
		} else {
			centreId = centre.id;
			if (row.centreName && centre.name !== row.centreName) {
				q.updateCentre.run(row.centreName, centre.id);
				tally(counts, 'centres', 'updated');
			} else if (!firstName) tally(counts, 'centres', 'unchanged');
		}

		let directorId = directors.get(row.director);
		if (directorId === undefined) {
			directorId = q.director.get(row.director)?.id;
			if (directorId === undefined) {
				directorId = Number(q.insertDirector.run(row.director).lastInsertRowid);
				tally(counts, 'directors', 'created');
			} else tally(counts, 'directors', 'unchanged');
			directors.set(row.director, directorId);
		}

		const values = {
			public_value_id: publicValueId,
			title: row.title,
			description: row.description,
			centre_id: centreId,
			director_id: directorId,
			weight: row.weight,
			mission: row.mission,
			programme: row.programme,
			strategic_objective: row.strategicObjective
		};
		const existing = q.objective.get(planId, row.code);
		if (!existing) {
			const position = q.nextObjectivePosition.get(planId)!.p;
			const id = Number(q.insertObjective.run({ ...values, plan_id: planId, code: row.code, position }).lastInsertRowid);
			batchObjectives.set(row.code, { id, planId, year: row.year });
			tally(counts, 'objectives', 'created');
		} else {
			batchObjectives.set(row.code, { id: existing.id, planId, year: row.year });
			const changed = (Object.keys(values) as Array<keyof typeof values>).some((k) => !same(existing[k], values[k]));
			if (changed) q.updateObjective.run({ ...values, id: existing.id });
			tally(counts, 'objectives', changed ? 'updated' : 'unchanged');
		}
	}

	/**
	 * An objective code from fasi.csv or indicatori.csv, in the row's year: this batch first, then the
	 * database. Without a year, the code must be in one year only.
	 */
	const resolveObjective = (year: number | null, code: string, file: string, line: number): ObjectiveRef | null => {
		let candidates = batchObjectives.get(code);
		if (candidates === undefined) {
			candidates = q.objectivesByCode.all(code).map((o) => ({ id: o.id, planId: o.plan_id, year: o.year }));
			for (const c of candidates) batchObjectives.set(code, c);
		} else if (year !== null && !candidates.some((c) => c.year === year)) {
			// The batch has this code in other years; the asked year may still be in the database.
			for (const o of q.objectivesByCode.all(code)) if (!candidates.some((c) => c.year === o.year)) batchObjectives.set(code, { id: o.id, planId: o.plan_id, year: o.year });
			candidates = batchObjectives.get(code)!;
		}
		const found = year === null ? candidates : candidates.filter((c) => c.year === year);
		if (found.length === 1) return found[0];
		if (found.length === 0) {
			problems.error(file, line, 'codice_obiettivo', `obiettivo ${code}${year === null ? '' : ` del ${year}`} sconosciuto: non è in obiettivi.csv né nel database`);
		} else {
			problems.error(file, line, 'codice_obiettivo', ambiguousYears('il codice', code, found.map((f) => f.year)));
		}
		return null;
	};

	applyAssignments(db, parsed.assignments, problems, counts, resolveObjective, (name) => {
		let id = directors.get(name) ?? q.director.get(name)?.id;
		if (id === undefined) {
			id = Number(q.insertDirector.run(name).lastInsertRowid);
			tally(counts, 'directors', 'created');
		}
		directors.set(name, id);
		return id;
	});

	// ---- Phases -----------------------------------------------------------------------------
	for (const row of parsed.phases) {
		if (!row.objectiveCode) continue;
		const objective = resolveObjective(row.year, row.objectiveCode, row.file, row.line);
		if (!row.valid || objective === null || objective.id < 0) continue;
		const objectiveId = objective.id;
		const values = { description: row.description, amount_cents: row.amountCents, start_date: row.startDate, end_date: row.endDate };
		const existing = q.phase.get(objectiveId, row.number);
		if (!existing) {
			q.insertPhase.run({ ...values, objective_id: objectiveId, number: row.number });
			tally(counts, 'phases', 'created');
		} else {
			const changed = (Object.keys(values) as Array<keyof typeof values>).some((k) => !same(existing[k], values[k]));
			if (changed) q.updatePhase.run({ ...values, id: existing.id });
			tally(counts, 'phases', changed ? 'updated' : 'unchanged');
		}
	}

	// ---- Indicators ---------------------------------------------------------------------------
	// Invalid indicators of this batch (id -1), so their values are not also reported as unknown.
	const batchIndicators: Array<{ code: string; year: number | null; type: IndicatorType | null }> = [];
	const hasValidatedValues = s.prepare<[number], number>(`SELECT 1 FROM measurement WHERE indicator_id = ? AND state = 'validato' LIMIT 1`).pluck();
	for (const row of parsed.indicators) {
		if (!row.code) continue;
		const objective = row.objectiveCode ? resolveObjective(row.year, row.objectiveCode, row.file, row.line) : null;
		// The director who enters its values, when not the lead: one already known (from obiettivi.csv,
		// assegnazioni.csv or the database), so a misspelt name is an error rather than a new director
		// nobody signs in as, which would leave the indicator without anyone to enter it.
		let ownerId: number | null = null;
		if (row.director !== null) {
			ownerId = directors.get(row.director) ?? q.director.get(row.director)?.id ?? null;
			if (ownerId === null) {
				problems.error(row.file, row.line, 'dirigente', `dirigente «${row.director}» sconosciuto: va indicato in obiettivi.csv o assegnazioni.csv (vuoto: il dirigente dell’obiettivo)`);
				row.valid = false;
			}
		}
		if (!row.valid || objective === null || objective.id < 0) {
			batchIndicators.push({ code: row.code, year: objective?.year ?? row.year, type: row.type });
			continue;
		}
		const values = {
			objective_id: objective.id,
			description: row.description,
			type: row.type,
			unit: row.unit,
			polarity: row.polarity,
			baseline: row.baseline,
			target: row.target,
			target_date: row.targetDate,
			weight: row.weight,
			dimension: row.dimension,
			formula: row.formula,
			numerator_name: row.numeratorName,
			denominator_name: row.denominatorName,
			data_source: row.dataSource,
			director_id: ownerId
		};
		const existing = q.indicator.get(objective.planId, row.code);
		if (!existing) {
			const position = q.nextIndicatorPosition.get(objective.id)!.p;
			q.insertIndicator.run({ ...values, plan_id: objective.planId, code: row.code, position });
			tally(counts, 'indicators', 'created');
		} else {
			const changed = (Object.keys(values) as Array<keyof typeof values>).filter((k) => !same(existing[k], values[k]));
			const locked = changed.filter((k) => k in RESULT_DEFINING_COLUMNS);
			if (locked.length > 0 && hasValidatedValues.get(existing.id) !== undefined) {
				// Every locked column that would change, at its line: the whole file is refused, nothing is written.
				for (const k of locked) {
					problems.error(row.file, row.line, RESULT_DEFINING_COLUMNS[k], `l’indicatore ${row.code} ha valori validati dal Nucleo: ${RESULT_DEFINING_COLUMNS[k]} non si può cambiare finché un amministratore non riapre la data`);
				}
				continue;
			}
			if (changed.length > 0) q.updateIndicator.run({ ...values, id: existing.id });
			tally(counts, 'indicators', changed.length > 0 ? 'updated' : 'unchanged');
		}
	}

	// ---- Measurements ---------------------------------------------------------------------------
	if (parsed.measurements.length > 0) {
		// One query for every indicator, not one per row: files may hold a million measurements. The
		// indicators of this batch are already written (same transaction); invalid ones are marked -1.
		// By code, then by year: no key string is built per row.
		type Known = { id: number; type: IndicatorType | null; planId: number | null };
		const known = new Map<string, Map<number | null, Known>>();
		const learn = (code: string, year: number | null, k: Known) => {
			let years = known.get(code);
			if (!years) known.set(code, (years = new Map()));
			years.set(year, k);
		};
		for (const ind of q.allIndicators.iterate()) learn(ind.code, ind.year, { id: ind.id, type: ind.type, planId: ind.plan_id });
		for (const ind of batchIndicators) learn(ind.code, ind.year, { id: -1, type: ind.type, planId: null });

		// Validated dates, checked here rather than left to the database trigger alone: the trigger stops
		// at the first locked row, and every locked row must be reported, even after other errors.
		const locked = new Map<number, Set<string>>();
		for (const { plan_id, date } of q.lockedDates.iterate()) {
			let dates = locked.get(plan_id);
			if (!dates) locked.set(plan_id, (dates = new Set()));
			dates.add(date);
		}
		const LOCKED = 'data di monitoraggio validata dal Nucleo: valori bloccati';

		// Graded indicators are those the rules of their plan year give grades: the rules read once per plan.
		const gradesByPlan = new Map<number, Record<string, Grade[]>>();
		const gradesOf = (planId: number | null, code: string): Grade[] | null => {
			if (planId === null) return null;
			let grades = gradesByPlan.get(planId);
			if (!grades) gradesByPlan.set(planId, (grades = readPlanRules(db, planId).rules.grades ?? {}));
			return grades[code] ?? null;
		};

		// An indicator with no value in the database yet (all of them, on a first import) cannot have the
		// row about to be written: its values skip the lookup and go in batches of many rows per INSERT.
		// Duplicates within the file are errors found while reading, and then nothing is written at all.
		const hasValues = s.prepare<[number], number>('SELECT 1 FROM measurement WHERE indicator_id = ? LIMIT 1').pluck();
		const fresh = new Map<number, boolean>();
		const isFresh = (indicatorId: number) => {
			let f = fresh.get(indicatorId);
			if (f === undefined) fresh.set(indicatorId, (f = hasValues.get(indicatorId) === undefined));
			return f;
		};
		const insertBatch = s.prepare(
			`INSERT INTO measurement (indicator_id, date, value, value_date, numerator, denominator, grade, justification, source, entered_by, entered_at) VALUES ${Array(MEASUREMENT_BATCH).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`
		);
		const pending: Array<{ row: (typeof parsed.measurements)[number]; indicatorId: number; typed: TypedValue }> = [];
		const params: unknown[] = [];
		/** False when the row's date is locked: the error is recorded, and rows after it are not written. */
		const insertOne = (p: (typeof pending)[number]): boolean => {
			try {
				q.insertMeasurement.run(p.indicatorId, p.row.date, p.typed.value, p.typed.date, p.row.numerator, p.row.denominator, p.typed.grade ?? null, p.row.justification, p.row.source, enteredBy, now);
				tally(counts, 'measurements', 'created');
				return true;
			} catch (e) {
				if (!(e instanceof Error && /validata/.test(e.message))) throw e;
				problems.error(p.row.file, p.row.line, 'data', e.message);
				return false;
			}
		};
		const flush = () => {
			let written = false;
			if (pending.length === MEASUREMENT_BATCH) {
				try {
					insertBatch.run(params);
					counts.measurements.created += MEASUREMENT_BATCH;
					written = true;
				} catch (e) {
					// A locked date aborts the whole statement (and only it): redo row by row to say where.
					if (!(e instanceof Error && /validata/.test(e.message))) throw e;
				}
			}
			if (!written) for (const p of pending) if (!insertOne(p)) break;
			pending.length = 0;
			params.length = 0;
		};

		let done = 0;
		for (const row of parsed.measurements) {
			if (progress && ++done % 100_000 === 0) progress(`misurazioni: ${done.toLocaleString('it-IT')} righe elaborate`);
			if (!row.indicatorCode) continue;
			const years = known.get(row.indicatorCode);
			let indicator: Known | undefined;
			if (years && row.year === null) {
				if (years.size > 1) {
					problems.error(row.file, row.line, 'codice_indicatore', ambiguousYears('l’indicatore', row.indicatorCode, [...years.keys()]));
					continue;
				}
				indicator = years.values().next().value;
			} else indicator = years?.get(row.year) ?? years?.get(null);
			if (!indicator) {
				const where = row.year === null ? '' : ` del ${row.year}`;
				problems.error(row.file, row.line, 'codice_indicatore', `indicatore ${row.indicatorCode}${where} sconosciuto: non è in indicatori.csv né nel database`);
				continue;
			}
			const typed = measuredValue(row, indicator.type, problems, gradesOf(indicator.planId, row.indicatorCode));
			if (typed === null) continue;
			if (!row.valid || indicator.id < 0) continue;
			if (options.validated && indicator.planId !== null) recordTouchedDate(touched, indicator.planId, row.date, row);
			if (indicator.planId !== null && locked.get(indicator.planId)?.has(row.date)) {
				// Unchanged values of a locked date are fine (a re-import of the same file); changes are not.
				const existing = isFresh(indicator.id) ? undefined : q.measurement.get(indicator.id, row.date);
				if (existing && sameMeasurement(existing, typed, row)) {
					tally(counts, 'measurements', 'unchanged');
				} else {
					problems.error(row.file, row.line, 'data', `${LOCKED} (${formatDate(row.date)})`);
				}
				continue;
			}
			// Nothing will be written once there is an error: the rest of the rows are only checked.
			if (problems.hasErrors) continue;
			if (isFresh(indicator.id)) {
				pending.push({ row, indicatorId: indicator.id, typed });
				params.push(indicator.id, row.date, typed.value, typed.date, row.numerator, row.denominator, typed.grade ?? null, row.justification, row.source, enteredBy, now);
				if (pending.length === MEASUREMENT_BATCH) flush();
				continue;
			}
			const existing = q.measurement.get(indicator.id, row.date);
			try {
				if (!existing) {
					q.insertMeasurement.run(indicator.id, row.date, typed.value, typed.date, row.numerator, row.denominator, typed.grade ?? null, row.justification, row.source, enteredBy, now);
					tally(counts, 'measurements', 'created');
				} else if (sameMeasurement(existing, typed, row)) {
					tally(counts, 'measurements', 'unchanged');
				} else {
					q.updateMeasurement.run(typed.value, typed.date, row.numerator, row.denominator, typed.grade ?? null, row.justification, row.source, enteredBy, now, existing.id);
					tally(counts, 'measurements', 'updated');
				}
			} catch (e) {
				// A validated monitoring date refuses changes (database trigger): say where, keep going.
				if (e instanceof Error && /validata/.test(e.message)) problems.error(row.file, row.line, 'data', e.message);
				else throw e;
			}
		}
		flush();
	}

	// ---- Progress of phases ------------------------------------------------------------------
	applyPhaseProgressRows(db, parsed.phaseProgress, problems, (outcome) => tally(counts, 'phaseProgress', outcome), resolveObjective, { enteredBy, now }, (planId, date, place) => {
		if (options.validated) recordTouchedDate(touched, planId, date, place);
	});
	return touched;
}

/**
 * Shared objectives: the rows of assegnazioni.csv for an objective are its whole set of shares (they
 * replace the ones in the database), and their quotas sum to 100. Each share names a director (created
 * if new) and a CdR of the objective's plan year (empty: the objective's own).
 */
function applyAssignments(
	db: Db,
	rows: ParsedFiles['assignments'],
	problems: ProblemList,
	counts: Counts,
	resolveObjective: (year: number | null, code: string, file: string, line: number) => ObjectiveRef | null,
	directorId: (name: string) => number
): void {
	const s = db.sqlite;
	if (rows.length === 0) {
		// New objectives or shares may have brought new directors into a year with transversal objectives.
		refreshAllDirectorShares(db);
		return;
	}
	const q = {
		centre: s.prepare<[number, string], number>('SELECT id FROM responsibility_centre WHERE plan_id = ? AND code = ?').pluck(),
		objectiveCentre: s.prepare<[number], number>('SELECT centre_id FROM objective WHERE id = ?').pluck(),
		existing: s.prepare<[number], { director_id: number; centre_id: number; quota: number }>('SELECT director_id, centre_id, quota FROM objective_assignment WHERE objective_id = ?'),
		remove: s.prepare('DELETE FROM objective_assignment WHERE objective_id = ?'),
		insert: s.prepare('INSERT INTO objective_assignment (objective_id, director_id, centre_id, quota) VALUES (?, ?, ?, ?)'),
		setAll: s.prepare('UPDATE objective SET all_directors = ? WHERE id = ? AND all_directors <> ?')
	};
	const byObjective = new Map<
		number,
		{ ref: ObjectiveRef; code: string; first: (typeof rows)[number]; all: boolean; shares: Array<{ directorId: number; centreId: number; quota: number }> }
	>();
	// An objective with a refused row is not checked for its sum: that error would only echo the first.
	const broken = new Set<number>();
	for (const row of rows) {
		if (!row.objectiveCode) continue;
		const ref = resolveObjective(row.year, row.objectiveCode, row.file, row.line);
		if (ref !== null && !row.valid) broken.add(ref.id);
		if (!row.valid || ref === null || ref.id < 0) continue;
		let centreId = q.objectiveCentre.get(ref.id)!;
		const entrySoFar = byObjective.get(ref.id);
		if (entrySoFar && (entrySoFar.all || row.allDirectors)) {
			problems.error(row.file, row.line, 'dirigente', `l’obiettivo ${row.objectiveCode} (${ref.year}) è assegnato a «tutti i dirigenti» alla riga ${entrySoFar.first.line}: con «tutti i dirigenti» non si indicano altre righe per lo stesso obiettivo`);
			broken.add(ref.id);
			continue;
		}
		if (row.allDirectors) {
			// Every director of the year shares it on the objective's own CdR.
			if (row.centreCode && q.centre.get(ref.planId, row.centreCode) !== centreId) {
				problems.error(row.file, row.line, 'cdr_codice', `con «tutti i dirigenti» il CdR è quello dell’obiettivo: lasciare vuoto cdr_codice (non ${row.centreCode})`);
				broken.add(ref.id);
				continue;
			}
			byObjective.set(ref.id, { ref, code: row.objectiveCode, first: row, all: true, shares: [] });
			continue;
		}
		if (row.centreCode) {
			const found = q.centre.get(ref.planId, row.centreCode);
			if (found === undefined) {
				problems.error(row.file, row.line, 'cdr_codice', `CdR ${row.centreCode} sconosciuto nel piano ${ref.year}: va indicato in obiettivi.csv`);
				broken.add(ref.id);
				continue;
			}
			centreId = found;
		}
		let entry = byObjective.get(ref.id);
		if (!entry) byObjective.set(ref.id, (entry = { ref, code: row.objectiveCode, first: row, all: false, shares: [] }));
		entry.shares.push({ directorId: directorId(row.director), centreId, quota: row.quota });
	}
	const transversal: Array<{ objectiveId: number; before: Map<string, number> }> = [];
	for (const [objectiveId, { ref, code, first, all, shares }] of byObjective) {
		if (broken.has(objectiveId)) continue;
		if (all) {
			q.setAll.run(1, objectiveId, 1);
			transversal.push({ objectiveId, before: new Map(q.existing.all(objectiveId).map((e) => [`${e.director_id}:${e.centre_id}`, e.quota])) });
			continue;
		}
		q.setAll.run(0, objectiveId, 0);
		const sum = shares.reduce((t, sh) => t + sh.quota, 0);
		if (Math.abs(sum - 100) > 1e-6) {
			problems.error(first.file, first.line, 'quota', `le quote dell’obiettivo ${code} (${ref.year}) sommano a ${sum.toLocaleString('it-IT')}: devono fare 100`);
			continue;
		}
		const before = new Map(q.existing.all(objectiveId).map((e) => [`${e.director_id}:${e.centre_id}`, e.quota]));
		const same = before.size === shares.length && shares.every((sh) => before.get(`${sh.directorId}:${sh.centreId}`) === sh.quota);
		for (const sh of shares) {
			const old = before.get(`${sh.directorId}:${sh.centreId}`);
			tally(counts, 'assignments', old === undefined ? 'created' : old === sh.quota ? 'unchanged' : 'updated');
		}
		if (same) continue;
		q.remove.run(objectiveId);
		for (const sh of shares) q.insert.run(objectiveId, sh.directorId, sh.centreId, sh.quota);
	}
	// After the named shares: they may name directors of the year too.
	refreshAllDirectorShares(db);
	for (const { objectiveId, before } of transversal) {
		for (const e of q.existing.all(objectiveId)) tally(counts, 'assignments', before.get(`${e.director_id}:${e.centre_id}`) === e.quota ? 'unchanged' : 'created');
	}
}

/**
 * The shares of every objective assigned to «tutti i dirigenti»: each director of its plan year (who
 * leads an objective of it or holds a named share of one) on the objective's CdR, at quota 100, so each
 * counts it whole in his own achievement while the plan and public values count it once. Rewritten on
 * every import (two statements, set-based), so a director who joins the year later gets it too.
 */
export function refreshAllDirectorShares(db: Db): void {
	const s = db.sqlite;
	if (s.prepare('SELECT 1 FROM objective WHERE all_directors = 1 LIMIT 1').get() === undefined) return;
	s.prepare('DELETE FROM objective_assignment WHERE objective_id IN (SELECT id FROM objective WHERE all_directors = 1)').run();
	s.prepare(
		`INSERT INTO objective_assignment (objective_id, director_id, centre_id, quota)
		 SELECT t.id, d.director_id, t.centre_id, 100
		 FROM objective t
		 JOIN (SELECT plan_id, director_id FROM objective
		       UNION SELECT o.plan_id, a.director_id FROM objective_assignment a JOIN objective o ON o.id = a.objective_id WHERE o.all_directors = 0) d
		   ON d.plan_id = t.plan_id
		 WHERE t.all_directors = 1`
	).run();
}

/**
 * A row's value as stored: parsed with the indicator's type and the file's dialect, or computed from its
 * numerator and denominator (a value written beside them must agree). Null when refused (the problem is
 * recorded) or when the row has no value at all.
 */
function measuredValue(row: MeasurementRow & { file: string }, type: IndicatorType | null, problems: ProblemList, grades: Grade[] | null = null): TypedValue | null {
	const typeLabel = `indicatore di tipo ${type ?? 'non specificato'}`;
	const quantities = row.numerator !== null || row.denominator !== null;
	if (row.grade !== null) {
		if (!grades) {
			problems.error(row.file, row.line, 'giudizio', `l’indicatore ${row.indicatorCode} non è a giudizi nelle regole del suo anno: si inserisce un valore, non un giudizio`);
			return null;
		}
		if (row.rawValue || quantities) {
			problems.error(row.file, row.line, 'giudizio', 'un giudizio va da solo: senza valore né numeratore e denominatore');
			return null;
		}
		const grade = findGrade(grades, row.grade);
		if (!grade) {
			problems.error(row.file, row.line, 'giudizio', `«${row.grade}» non è un giudizio dell’indicatore ${row.indicatorCode} (giudizi ammessi: ${gradeNames(grades)})`);
			return null;
		}
		return { value: null, date: null, grade: grade.name };
	}
	if (grades && (row.rawValue || quantities)) {
		problems.error(row.file, row.line, 'valore', `l’indicatore ${row.indicatorCode} è a giudizi: scrivere nella colonna giudizio uno tra ${gradeNames(grades)}`);
		return null;
	}
	if (row.numerator !== null && row.denominator !== null && row.denominator !== 0) {
		let given: TypedValue | null = null;
		if (row.rawValue && type !== 'si_no' && type !== 'data') {
			const parsed = parseTypedValue(row.rawValue, type, row.delimiter);
			if ('error' in parsed) {
				problems.error(row.file, row.line, 'valore', `${parsed.error} (${typeLabel})`);
				return null;
			}
			given = parsed;
		}
		const out = valueFromQuantities(row.numerator, row.denominator, type, given?.value ?? null, row.rawValue || null);
		if (!out.ok) {
			problems.error(row.file, row.line, out.field, out.message);
			return null;
		}
		return { value: out.value, date: null };
	}
	if (!row.rawValue) return null;
	const typed = parseTypedValue(row.rawValue, type, row.delimiter);
	if ('error' in typed) {
		problems.error(row.file, row.line, 'valore', `${typed.error} (${typeLabel})`);
		return null;
	}
	return typed;
}

function sameMeasurement(
	existing: { value: number | null; value_date: string | null; numerator: number | null; denominator: number | null; grade: string | null; justification: string | null; source: string | null },
	typed: TypedValue,
	row: MeasurementRow
): boolean {
	return (
		same(existing.value, typed.value) &&
		same(existing.value_date, typed.date) &&
		same(existing.numerator, row.numerator) &&
		same(existing.denominator, row.denominator) &&
		same(existing.grade, typed.grade ?? null) &&
		same(existing.justification, row.justification) &&
		same(existing.source, row.source)
	);
}

/** An objective as a code in fasi.csv or indicatori.csv resolves to. */
interface ObjectiveRef {
	id: number;
	planId: number;
	year: number;
}

/** Objectives of one import by code, each code in one or more plan years. */
class ObjectivesByCode {
	private byCode = new Map<string, ObjectiveRef[]>();
	get(code: string): ObjectiveRef[] | undefined {
		return this.byCode.get(code);
	}
	set(code: string, ref: ObjectiveRef): void {
		const list = this.byCode.get(code);
		if (!list) this.byCode.set(code, [ref]);
		else {
			const i = list.findIndex((r) => r.year === ref.year);
			if (i >= 0) list[i] = ref;
			else list.push(ref);
		}
	}
}

/** The error for a code without `anno` that exists in several plan years. */
function ambiguousYears(what: string, code: string, years: Array<number | null>): string {
	const list = [...new Set(years.filter((y) => y !== null))].sort().join(', ');
	return `${what} ${code} esiste in più anni (${list}): aggiungere la colonna anno per dire di quale anno si tratta`;
}

/**
 * What an indicator's results are computed from, with its column in indicatori.csv: locked while the
 * indicator has validated values (the database refuses it too, trigger indicator_definition_locked).
 */
const RESULT_DEFINING_COLUMNS: Record<string, string> = {
	objective_id: 'codice_obiettivo',
	type: 'tipo',
	polarity: 'polarita',
	baseline: 'baseline',
	target: 'target',
	target_date: 'target',
	weight: 'peso'
};

/** Every interchange format, for messages that list the accepted file names. */
export const ACCEPTED_FILE_NAMES = FILE_FORMATS.map((f) => f.fileName);

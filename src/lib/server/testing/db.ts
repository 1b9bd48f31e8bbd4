/** Test helpers: a fresh migrated database, and a dump of its content by natural keys (no ids). */
import { openMigratedDatabase, type Db } from '../db/database';
import { readFolder } from '../seed';
import { importFiles, type ImportInput } from '../import/import.service';
import { formatForFileName } from '../../interchange/formats';

export async function freshDb(): Promise<Db> {
	return openMigratedDatabase(':memory:');
}

export const SHIPPED_PLAN_DIR = 'import/piao-2022';

export function loadShippedPlan(db: Db) {
	const report = importFiles(db, readFolder(SHIPPED_PLAN_DIR));
	if (!report.applied) throw new Error(JSON.stringify(report.errors));
	return report;
}

/** An in-memory file, named as the importer expects. */
export function csvInput(fileName: string, text: string | Uint8Array): ImportInput {
	const format = formatForFileName(fileName);
	if (!format) throw new Error(`not an interchange file: ${fileName}`);
	return { file: fileName, format, bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text };
}

/**
 * Every row of every table, with foreign keys replaced by the codes they point to, in a stable order:
 * two databases with the same content dump the same, whatever their ids.
 */
export function dumpDatabase(db: Db): Record<string, unknown[]> {
	const all = (sql: string) => db.sqlite.prepare(sql).all();
	return {
		plan: all('SELECT year, body, title FROM plan ORDER BY year'),
		public_value: all('SELECT p.year, v.name, v.position FROM public_value v JOIN plan p ON p.id = v.plan_id ORDER BY p.year, v.position'),
		responsibility_centre: all('SELECT p.year, c.code, c.name FROM responsibility_centre c JOIN plan p ON p.id = c.plan_id ORDER BY p.year, c.code'),
		director: all('SELECT name FROM director ORDER BY name'),
		objective: all(`SELECT p.year, o.code, o.position, v.name AS public_value, o.title, o.description, c.code AS centre, d.name AS director,
			o.weight, o.mission, o.programme, o.strategic_objective
			FROM objective o JOIN plan p ON p.id = o.plan_id JOIN public_value v ON v.id = o.public_value_id
			JOIN responsibility_centre c ON c.id = o.centre_id JOIN director d ON d.id = o.director_id ORDER BY p.year, o.code`),
		objective_assignment: all(`SELECT p.year, o.code, d.name AS director, c.code AS centre, a.quota
			FROM objective_assignment a JOIN objective o ON o.id = a.objective_id JOIN plan p ON p.id = o.plan_id
			JOIN director d ON d.id = a.director_id JOIN responsibility_centre c ON c.id = a.centre_id ORDER BY p.year, o.code, d.name, c.code`),
		phase: all(`SELECT p.year, o.code, f.number, f.description, f.amount_cents, f.start_date, f.end_date
			FROM phase f JOIN objective o ON o.id = f.objective_id JOIN plan p ON p.id = o.plan_id ORDER BY p.year, o.code, f.number`),
		indicator: all(`SELECT p.year, o.code AS objective, i.code, i.position, i.description, i.type, i.unit, i.polarity, i.baseline, i.target, i.target_date, i.weight,
			i.dimension, i.formula, i.numerator_name, i.denominator_name, i.data_source, (SELECT name FROM director WHERE id = i.director_id) AS owner
			FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN plan p ON p.id = i.plan_id ORDER BY p.year, i.code`),
		measurement: all(`SELECT p.year, i.code, m.date, m.value, m.value_date, m.numerator, m.denominator, m.justification, m.source
			FROM measurement m JOIN indicator i ON i.id = m.indicator_id JOIN plan p ON p.id = i.plan_id ORDER BY p.year, i.code, m.date`)
	};
}

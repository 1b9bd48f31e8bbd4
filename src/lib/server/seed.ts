import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db/database';
import { formatForFileName } from '../interchange/formats';
import { formatProblem } from '../interchange/problems';
import { importFiles, type ImportInput } from './import/import.service';

/** The shipped plan and its example monitoring values (every one marked fonte = esempio). */
export const DEFAULT_SEED_DIRS = ['import/piao-2022', 'import/esempio-2022'];

export function seedDirsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
	const raw = env.SEED_DIRS ?? env.SEED_DIR;
	if (raw === undefined) return DEFAULT_SEED_DIRS;
	return raw.split(',').map((d) => d.trim()).filter(Boolean);
}

export function readFolder(dir: string): ImportInput[] {
	return fs
		.readdirSync(dir)
		.filter((name) => formatForFileName(name))
		.map((name) => ({ file: path.join(dir, name), format: formatForFileName(name)!, bytes: fs.readFileSync(path.join(dir, name)) }));
}

/**
 * A new installation starts on the shipped plan: when the database holds no plan, the seed folders are
 * imported together (in one transaction, like any import). Returns what happened, for the start-up log.
 */
export function seedIfEmpty(db: Db, dirs: string[] = seedDirsFromEnv()): string {
	const { n } = db.sqlite.prepare('SELECT count(*) AS n FROM plan').get() as { n: number };
	if (n > 0) return 'database già popolato';
	const present = dirs.filter((d) => fs.existsSync(d));
	if (present.length === 0) return 'database vuoto e nessuna cartella da importare: nessun piano caricato';
	const report = importFiles(db, present.flatMap(readFolder), { enteredBy: 'avvio: dati forniti' });
	if (!report.applied) {
		throw new Error(`Import iniziale da ${present.join(', ')} non riuscito:\n${report.errors.map(formatProblem).join('\n')}`);
	}
	// The default monitoring dates of each plan exist, closed: the general direction opens the one to fill in.
	db.sqlite
		.prepare(`INSERT OR IGNORE INTO monitoring_period (plan_id, date, state) SELECT id, year || '-06-30', 'chiuso' FROM plan UNION ALL SELECT id, year || '-12-31', 'chiuso' FROM plan`)
		.run();
	const c = report.counts;
	return `piano caricato da ${present.join(', ')}: ${c.objectives.created} obiettivi, ${c.measurements.created} misurazioni`;
}

import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db/database';
import { formatForFileName } from '../interchange/formats';
import { formatProblem } from '../interchange/problems';
import { importFiles, type ImportInput } from './import/import.service';

export const DEFAULT_SEED_DIR = 'import/piao-2022';

export function readFolder(dir: string): ImportInput[] {
	return fs
		.readdirSync(dir)
		.filter((name) => formatForFileName(name))
		.map((name) => ({ file: path.join(dir, name), format: formatForFileName(name)!, bytes: fs.readFileSync(path.join(dir, name)) }));
}

/**
 * A new installation starts on the shipped plan: when the database holds no plan, the seed folder is
 * imported (in one transaction, like any import). Returns what happened, for the start-up log.
 */
export function seedIfEmpty(db: Db, dir: string = process.env.SEED_DIR || DEFAULT_SEED_DIR): string {
	const { n } = db.sqlite.prepare('SELECT count(*) AS n FROM plan').get() as { n: number };
	if (n > 0) return 'database già popolato';
	if (!fs.existsSync(dir)) return `database vuoto e cartella ${dir} assente: nessun piano caricato`;
	const report = importFiles(db, readFolder(dir), { enteredBy: 'avvio: dati forniti' });
	if (!report.applied) {
		throw new Error(`Import iniziale da ${dir} non riuscito:\n${report.errors.map(formatProblem).join('\n')}`);
	}
	return `piano caricato da ${dir}: ${report.counts.objectives.created} obiettivi`;
}

/**
 * The importer against the sqlite3 shell on the same rows, into copies of the same database.
 *
 * The database holds the scale-100 plan (23,300 indicators, no values); the file holds 1,000,000 values of
 * its numeric indicators. Three contestants, each timed from start to commit, best of `repeat` runs:
 * - the importer (importFiles, full validation: every code, date and number checked, duplicates, upsert
 *   by (indicator, date) with created/updated/unchanged counts, one transaction);
 * - the shell's `.import` into a staging table of the same five text columns: no checks, no mapping, no
 *   index, the fastest way SQLite itself offers to load a CSV;
 * - the shell's `.import` into a temporary staging table, then one set-based INSERT … SELECT mapping the
 *   codes to indicator ids into the real measurement table (its indexes, triggers and foreign keys), in
 *   one transaction: the same end state as the importer, without the validation. Like the importer it
 *   pauses the change log's per-row triggers and logs once (here a structural change), so both take the
 *   same bulk path (src/lib/server/cache/change-log.ts).
 * The shell gets the application's pragmas and a page cache at least as large as the importer's.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openMigratedDatabase } from '../../src/lib/server/db/database';
import { importFiles } from '../../src/lib/server/import/import.service';
import { readFolder } from '../../src/lib/server/seed';

export interface Contestant {
	name: string;
	seconds: number;
	rowsPerSecond: number;
	peakRss?: number;
}

export interface ImportBench {
	rows: number;
	planSeconds: number;
	importer: Contestant;
	shellStaging: Contestant | null;
	shellMapped: Contestant | null;
	sqlite3Version: string | null;
}

/** The application's pragmas (src/lib/server/db/database.ts), and a 64 MiB page cache: never less than the importer's. */
const APP_PRAGMAS = 'PRAGMA journal_mode = WAL;\nPRAGMA synchronous = NORMAL;\nPRAGMA foreign_keys = ON;\nPRAGMA busy_timeout = 5000;\nPRAGMA cache_size = -65536;\n';

export function sqlite3Binary(): string | null {
	const which = spawnSync('sh', ['-c', 'command -v sqlite3'], { encoding: 'utf8' });
	return which.status === 0 ? which.stdout.trim() : null;
}

/** apt-get install sqlite3 when it is missing and we may (root, apt-get present). */
export function ensureSqlite3(log: (m: string) => void): string | null {
	let bin = sqlite3Binary();
	if (bin) return bin;
	const isRoot = process.getuid?.() === 0;
	const hasApt = spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
	if (!isRoot || !hasApt) {
		log('sqlite3 mancante: installarlo (apt-get install sqlite3) per il confronto con la shell');
		return null;
	}
	log('sqlite3 mancante: apt-get install -y sqlite3');
	let r = spawnSync('apt-get', ['install', '-y', 'sqlite3'], { stdio: 'ignore' });
	if (r.status !== 0) {
		spawnSync('apt-get', ['update'], { stdio: 'ignore' });
		r = spawnSync('apt-get', ['install', '-y', 'sqlite3'], { stdio: 'ignore' });
	}
	bin = sqlite3Binary();
	if (!bin) log('installazione di sqlite3 non riuscita: confronto con la shell saltato');
	return bin;
}

function runShell(bin: string, db: string, script: string): number {
	const started = performance.now();
	const r = spawnSync(bin, ['-bail', db], { input: script, encoding: 'utf8' });
	const seconds = (performance.now() - started) / 1000;
	if (r.status !== 0) throw new Error(`sqlite3 non riuscito (${r.status}): ${r.stderr}`);
	return seconds;
}

function count(db: string, table: string): number {
	const r = spawnSync(sqlite3Binary()!, [db, `SELECT count(*) FROM ${table};`], { encoding: 'utf8' });
	return Number(r.stdout.trim());
}

export async function benchImport(options: { dataDir: string; csv: string; rows: number; repeat: number; log: (m: string) => void }): Promise<ImportBench> {
	const { log } = options;
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cruscotto-bench-import-'));
	try {
		// The plan alone (no values), imported once and copied for every run.
		const base = path.join(work, 'base.sqlite');
		const db = await openMigratedDatabase(base);
		const planStarted = performance.now();
		const report = importFiles(db, readFolder(options.dataDir).filter((i) => i.format.fileName !== 'misurazioni.csv'));
		const planSeconds = (performance.now() - planStarted) / 1000;
		if (!report.applied) throw new Error('import del piano non riuscito');
		db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
		await db.close();
		const copy = (name: string) => {
			const file = path.join(work, name);
			for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
			fs.copyFileSync(base, file);
			return file;
		};
		const csv = path.resolve(options.csv);
		const best = (name: string, runs: number[], peakRss?: number): Contestant => {
			const seconds = Math.min(...runs);
			return { name, seconds, rowsPerSecond: options.rows / seconds, peakRss };
		};

		const importerRuns: number[] = [];
		let peakRss = 0;
		for (let i = 0; i < options.repeat; i++) {
			const file = copy('importer.sqlite');
			const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/import-worker.ts', file, csv], { encoding: 'utf8', maxBuffer: 1 << 24 });
			if (r.status !== 0) throw new Error(`importatore non riuscito:\n${r.stderr}`);
			const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number; created: number; rows: number; peakRss: number };
			if (out.created !== options.rows || out.rows !== options.rows) throw new Error(`importatore: ${out.created} righe create, ${out.rows} nel database, attese ${options.rows}`);
			importerRuns.push(out.seconds);
			peakRss = Math.max(peakRss, out.peakRss);
			log(`  importatore: ${out.seconds.toFixed(2)} s`);
		}

		const bin = ensureSqlite3(log);
		let shellStaging: Contestant | null = null;
		let shellMapped: Contestant | null = null;
		let version: string | null = null;
		if (bin) {
			version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0];
			const columns = 'codice_indicatore TEXT, data TEXT, valore TEXT, motivazione TEXT, fonte TEXT';
			const staging: number[] = [];
			const mapped: number[] = [];
			for (let i = 0; i < options.repeat; i++) {
				const a = copy('shell-staging.sqlite');
				staging.push(runShell(bin, a, `${APP_PRAGMAS}CREATE TABLE staging (${columns});\n.import --csv --skip 1 '${csv}' staging\n`));
				if (count(a, 'staging') !== options.rows) throw new Error('shell: righe mancanti nella tabella di appoggio');
				log(`  sqlite3 .import (tabella di appoggio): ${staging.at(-1)!.toFixed(2)} s`);

				const b = copy('shell-mapped.sqlite');
				mapped.push(
					runShell(
						bin,
						b,
						`${APP_PRAGMAS}BEGIN;\nINSERT INTO change_log_pause (since) VALUES ('sqlite3');\nCREATE TEMP TABLE staging (${columns});\n.import --csv --skip 1 '${csv}' staging\n` +
							`INSERT INTO measurement (indicator_id, date, value, value_date, justification, source, entered_by, entered_at)\n` +
							`  SELECT i.id, s.data, CAST(s.valore AS REAL), NULL, NULLIF(s.motivazione, ''), NULLIF(s.fonte, ''), 'sqlite3 .import', strftime('%Y-%m-%dT%H:%M:%fZ')\n` +
							`  FROM staging s JOIN indicator i ON i.code = s.codice_indicatore;\n` +
							`INSERT INTO change_log (objective_id) VALUES (0) ON CONFLICT (objective_id) DO UPDATE SET seq = (SELECT max(seq) FROM change_log) + 1;\n` +
							`DELETE FROM change_log_pause;\nCOMMIT;\n`
					)
				);
				if (count(b, 'measurement') !== options.rows) throw new Error('shell: righe mancanti in measurement');
				log(`  sqlite3 .import + INSERT … SELECT in measurement: ${mapped.at(-1)!.toFixed(2)} s`);
			}
			shellStaging = best('sqlite3 .import → tabella di appoggio', staging);
			shellMapped = best('sqlite3 .import + INSERT … SELECT → measurement', mapped);
		}
		return { rows: options.rows, planSeconds, importer: best('importatore (importFiles)', importerRuns, peakRss), shellStaging, shellMapped, sqlite3Version: version };
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

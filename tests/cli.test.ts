/** The command-line tools as a user runs them: real processes, real files, real SQLite databases. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/lib/server/db/database';
import { dumpDatabase } from '../src/lib/server/testing/db';
import { tempDir } from './support/server';

const TSX = path.resolve('node_modules/.bin/tsx');

function run(script: 'import' | 'export' | 'backup', args: string[]) {
	const r = spawnSync(TSX, [`src/cli/${script}.ts`, ...args], { encoding: 'utf8' });
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function dump(file: string) {
	const db = openDatabase(file);
	try {
		return dumpDatabase(db);
	} finally {
		await db.close();
	}
}

describe('npm run import / export / backup', () => {
	it('imports the shipped plan, then a dry run reports everything unchanged', () => {
		const db = path.join(tempDir('cli'), 'a.sqlite');
		const first = run('import', ['import/piao-2022', '--db', db]);
		expect(first.code).toBe(0);
		expect(first.stdout).toMatch(/obiettivi\s+77 nuovi, 0 aggiornati, 0 invariati/);
		const again = run('import', ['import/piao-2022', '--db', db, '--dry-run']);
		expect(again.code).toBe(0);
		expect(again.stdout).toContain('nulla è stato scritto');
		expect(again.stdout).toMatch(/obiettivi\s+0 nuovi, 0 aggiornati, 77 invariati/);
	});

	it('--validati loads historical results as validated only with a reason, which the change log keeps with who', () => {
		const db = path.join(tempDir('cli'), 'a.sqlite');
		expect(run('import', ['import/piao-2022', '--db', db]).code).toBe(0);
		const bare = run('import', ['import/esempio-2022', '--db', db, '--validati']);
		expect(bare.code).toBe(2);
		expect(bare.stderr).toContain('--validati richiede --motivo');
		const done = run('import', ['import/esempio-2022', '--db', db, '--validati', '--motivo', 'Relazione 2022 validata il 28/06/2023']);
		expect(done.code, done.stderr).toBe(0);
		expect(done.stdout).toMatch(/validati: \d+ valori, 552 avanzamenti di fase, 2 date di monitoraggio/);
		const s = new SQLite(db, { readonly: true });
		try {
			expect(s.prepare(`SELECT DISTINCT state FROM measurement`).pluck().all()).toEqual(['validato']);
			// The example's phase reports (avanzamento_fasi.csv) are validated with their dates.
			expect(s.prepare(`SELECT DISTINCT state FROM phase_progress`).pluck().all()).toEqual(['validato']);
			expect(s.prepare(`SELECT date || ' ' || state FROM monitoring_period ORDER BY date`).pluck().all()).toEqual(['2022-06-30 validato', '2022-12-31 validato']);
			const line = s.prepare(`SELECT actor, reason FROM audit_log WHERE action = 'importazione di risultati validati'`).get() as { actor: string; reason: string };
			expect(line.reason).toBe('Relazione 2022 validata il 28/06/2023');
			expect(line.actor).toMatch(/^importazione di risultati validati \(utente di sistema .+\)$/);
		} finally {
			s.close();
		}
	});

	it('a dry run on an empty database writes nothing', async () => {
		const db = path.join(tempDir('cli'), 'a.sqlite');
		const r = run('import', ['import/piao-2022', '--db', db, '--dry-run']);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/obiettivi\s+77 nuovi/);
		expect(fs.existsSync(db)).toBe(false);
	});

	it('a dry run leaves the file system exactly as it was: no database created, none migrated', async () => {
		const dir = tempDir('cli');
		const missing = path.join(dir, 'nuovo', 'a.sqlite');
		const r = run('import', ['import/piao-2022', '--db', missing, '--dry-run']);
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/obiettivi\s+77 nuovi/);
		expect(fs.readdirSync(dir)).toEqual([]);

		// A database nobody has migrated yet (an older version's file, say) stays byte for byte the same.
		const old = path.join(dir, 'vecchio.sqlite');
		const raw = new SQLite(old);
		raw.exec('CREATE TABLE note (testo TEXT); INSERT INTO note VALUES (\'prima\')');
		raw.close();
		const snapshot = () =>
			fs.readdirSync(dir).sort().map((name) => {
				const st = fs.statSync(path.join(dir, name));
				return { name, size: st.size, mtime: st.mtimeMs, bytes: st.isFile() ? fs.readFileSync(path.join(dir, name)).toString('base64') : null };
			});
		const before = snapshot();
		const again = run('import', ['import/piao-2022', '--db', old, '--dry-run']);
		expect(again.code).toBe(0);
		expect(again.stdout).toContain('nulla è stato scritto');
		expect(snapshot()).toEqual(before);

		// And a migrated database in use (its -wal file present) is read, not changed.
		const live = path.join(dir, 'in-uso.sqlite');
		expect(run('import', ['import/piao-2022', '--db', live]).code).toBe(0);
		const holder = openDatabase(live);
		holder.sqlite.prepare("UPDATE plan SET title = 'Titolo ancora nel WAL'").run();
		const beforeLive = snapshot();
		const dry = run('import', ['import/piao-2022', '--db', live, '--dry-run']);
		expect(dry.stdout).toMatch(/piani\s+0 nuovi, 1 aggiornati/);
		expect(snapshot()).toEqual(beforeLive);
		await holder.close();
	});

	it('exits non-zero listing every error as file:line: column: message, database unchanged', async () => {
		const dir = tempDir('cli');
		const db = path.join(dir, 'a.sqlite');
		run('import', ['import/piao-2022', '--db', db]);
		const before = await dump(db);
		const bad = path.join(dir, 'indicatori.csv');
		fs.writeFileSync(
			bad,
			'codice_obiettivo;codice;descrizione;tipo;target\n2022-B7-OP-01;X-1;Nuovo;quantità;\n2022-ZZ-OP-01;X-2;Altro;numero;dieci\n'
		);
		const r = run('import', [bad, '--db', db]);
		expect(r.code).toBe(1);
		expect(r.stderr).toContain(`${bad}:2: tipo: «quantità» non è ammesso (valori ammessi: numero, percentuale, si_no, data)`);
		expect(r.stderr).toContain(`${bad}:3: target: «dieci» non è un numero`);
		expect(r.stderr).toContain(`${bad}:3: codice_obiettivo: obiettivo 2022-ZZ-OP-01 sconosciuto`);
		expect(r.stderr).toContain('3 errori: nessuna modifica al database');
		expect(await dump(db)).toEqual(before);
	});

	it('refuses a file with an unknown name and a missing path, with exit code 2', () => {
		const dir = tempDir('cli');
		fs.writeFileSync(path.join(dir, 'dati.csv'), 'a\n');
		expect(run('import', [path.join(dir, 'dati.csv')]).stderr).toContain('nome di file non riconosciuto');
		const missing = run('import', [path.join(dir, 'nessuno')]);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toContain('file o cartella inesistente');
	});

	it('export → import into an empty database gives back the same rows; backup copies it', async () => {
		const dir = tempDir('cli');
		const a = path.join(dir, 'a.sqlite');
		const b = path.join(dir, 'b.sqlite');
		run('import', ['import/piao-2022', '--db', a]);
		const exported = run('export', [path.join(dir, 'out'), '--db', a, '--anno', '2022']);
		expect(exported.code).toBe(0);
		expect(exported.stdout).toContain('obiettivi.csv: 77 righe');
		expect(run('import', [path.join(dir, 'out'), '--db', b]).code).toBe(0);
		expect(await dump(b)).toEqual(await dump(a));

		const copy = path.join(dir, 'copia.sqlite');
		const backup = run('backup', [copy, '--db', a]);
		expect(backup.code).toBe(0);
		expect(await dump(copy)).toEqual(await dump(a));
		expect(run('backup', [copy, '--db', a]).stderr).toContain('esiste già');
	});

	it('killing the import midway leaves the database as it was', async () => {
		const dir = tempDir('cli');
		const db = path.join(dir, 'a.sqlite');
		run('import', ['import/piao-2022', '--db', db]);
		const before = await dump(db);
		const codes = before.indicator.map((i) => (i as { code: string; type: string | null }));
		// Numeric values only fit numeric indicators: keep to those, with enough dates for ~400,000 rows.
		const numeric = codes.filter((i) => i.type === 'numero');
		const lines = ['codice_indicatore,data,valore'];
		const start = Date.UTC(2010, 0, 1);
		for (let day = 0; lines.length < 400_000; day++) {
			const date = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
			for (const i of numeric) lines.push(`${i.code},${date},${day}`);
		}
		fs.writeFileSync(path.join(dir, 'misurazioni.csv'), lines.join('\n') + '\n');

		const child = spawn(TSX, ['src/cli/import.ts', path.join(dir, 'misurazioni.csv'), '--db', db]);
		let stderr = '';
		const signal = await new Promise<NodeJS.Signals | null>((resolve) => {
			child.stderr.on('data', (d) => {
				stderr += d;
				// Kill once rows are being written inside the transaction.
				if (stderr.includes('righe elaborate')) child.kill('SIGKILL');
			});
			child.on('exit', (_code, sig) => resolve(sig));
		});
		expect(signal).toBe('SIGKILL');
		expect(await dump(db)).toEqual(before);
	}, 120_000);
});

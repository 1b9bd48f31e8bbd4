/** `npm run regole`: a plan year's rules out to a file and back in, as a person edits them. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/lib/server/db/database';
import { tempDir } from './support/server';

const TSX = path.resolve('node_modules/.bin/tsx');
const run = (script: string, args: string[]) => {
	const r = spawnSync(TSX, [`src/cli/${script}.ts`, ...args], { encoding: 'utf8' });
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** Windows-1252 bytes of a text (Notepad's "ANSI"): Latin-1, plus the typographic marks of 0x80–0x9F. */
const CP1252_EXTRA: Record<string, number> = { '€': 0x80, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };
const windows1252 = (text: string) =>
	Buffer.from([...text].map((c) => {
		const code = CP1252_EXTRA[c] ?? c.charCodeAt(0);
		if (code > 0xff) throw new Error(`${c} non è in Windows-1252`);
		return code;
	}));

let dir: string;
let db: string;
beforeAll(() => {
	dir = tempDir('regole');
	db = path.join(dir, 'a.sqlite');
	expect(run('import', ['import/piao-2022', '--db', db]).code).toBe(0);
}, 120_000);

async function storedRules() {
	const d = openDatabase(db);
	try {
		return {
			rows: d.sqlite.prepare('SELECT description, rules FROM plan_rules').all() as Array<{ description: string; rules: string }>,
			log: d.sqlite.prepare(`SELECT actor, action, reason FROM audit_log WHERE entity = 'regole' ORDER BY id`).all()
		};
	} finally {
		await d.close();
	}
}

describe('npm run regole', () => {
	it('exports the defaults of a plan without rules, and a file with errors changes nothing, each error at file:line', async () => {
		const out = path.join(dir, 'predefinite.txt');
		const exported = run('rules', ['esporta', out, '--anno', '2022', '--db', db]);
		expect(exported.code).toBe(0);
		expect(fs.readFileSync(out, 'utf8')).toContain('in linea da: 90 %\n');

		const bad = path.join(dir, 'sbagliate.txt');
		fs.writeFileSync(bad, windows1252('descrizione: prova\r\n[stato]\r\nin linea da: 50 %\r\na rischio da: 70 %\r\n[scaglioni]\r\ninterpola: forse\r\n[scala indicatore NON-C\'È]\r\nda 0 %: 100 %\r\n'));
		const r = run('rules', ['importa', bad, '--anno', '2022', '--db', db, '--motivo', 'prova']);
		expect(r.code).toBe(1);
		expect(r.stderr.split('\n').filter((l) => l.startsWith(bad))).toEqual([
			`${bad}:4: [stato] a rischio da: la soglia «a rischio» (70 %) supera quella «in linea» (50 %): soglie in ordine inverso`,
			`${bad}:6: [scaglioni] interpola: «sì» o «no»`
		]);
		expect((await storedRules()).rows).toEqual([]);

		// Valid as a file, but naming an indicator the plan does not have: the line is still given.
		fs.writeFileSync(bad, windows1252('descrizione: prova\r\n[scala indicatore NON-C\'È]\r\nda 0 %: 100 %\r\n'));
		const unknown = run('rules', ['importa', bad, '--anno', '2022', '--db', db, '--motivo', 'prova']);
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toContain(`${bad}:2: [scala indicatore NON-C'È]: l’indicatore NON-C'È non è nel piano`);
		expect((await storedRules()).rows).toEqual([]);
	});

	it('imports a body\'s own rules (Windows-1252, CRLF), logs them with the reason, and exports them back the same', async () => {
		const text = fs.readFileSync('docs/esempi/regole-2022.txt', 'utf8').replace(/\n/g, '\r\n');
		const file = path.join(dir, 'ente.txt');
		fs.writeFileSync(file, windows1252(text));
		const r = run('rules', ['importa', file, '--anno', '2022', '--db', db, '--motivo', 'SMVP 2022 adottato']);
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		const { rows, log } = await storedRules();
		expect(rows).toHaveLength(1);
		expect(JSON.parse(rows[0].rules)).toMatchObject({ onTrack: 0.95, cap: 1.1, decreasingFormula: 'scostamento', missingValues: 'zero_finale' });
		expect(log).toEqual([{ actor: expect.stringContaining('riga di comando'), action: 'regole importate', reason: 'SMVP 2022 adottato' }]);

		const again = path.join(dir, 'di-nuovo.txt');
		expect(run('rules', ['esporta', again, '--anno', '2022', '--db', db]).code).toBe(0);
		const back = path.join(dir, 'ente-2.txt');
		fs.copyFileSync(again, back);
		expect(run('rules', ['importa', back, '--anno', '2022', '--db', db, '--motivo', 'stesse regole']).code).toBe(0);
		const after = await storedRules();
		expect(after.rows[0].rules).toBe(rows[0].rules);
	});

	it('refuses an unknown year, a missing reason and an oversized file', () => {
		const file = path.join(dir, 'x.txt');
		fs.writeFileSync(file, 'descrizione: x\n');
		expect(run('rules', ['importa', file, '--anno', '1999', '--db', db, '--motivo', 'x'])).toMatchObject({ code: 1, stderr: expect.stringContaining('Nessun piano per l’anno 1999') });
		expect(run('rules', ['importa', file, '--anno', '2022', '--db', db])).toMatchObject({ code: 2, stderr: expect.stringContaining('--motivo') });
		fs.writeFileSync(file, `descrizione: x\n${'# riempitivo\n'.repeat(100_000)}`);
		expect(run('rules', ['importa', file, '--anno', '2022', '--db', db, '--motivo', 'x'])).toMatchObject({ code: 1, stderr: expect.stringContaining('file troppo grande') });
	});
});

/**
 * Named status classes everywhere (issue 18, point 5): with rules that name four classes (two of them
 * drawn with the same tone), the distribution bars and their legends count objectives by class, the
 * «Stato» filter offers the classes and selects by class, reports filter and label by class, and the
 * base-state links (`stato=critico`) keep working. Real server, SQLite file, CLI import of the rules.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { evaluateScope } from '../src/lib/server/evaluation.service';
import { readPlanRules } from '../src/lib/server/rules.repository';
import { classOf } from '../src/lib/achievement/achievement';
import { runCli, startServer, tempDir, type RunningServer } from './support/server';

let server: RunningServer;
let db: Db;
let cookie: string;
const DATE = '2022-12-31';
const CLASSES = ['Eccellente', 'Buono', 'Sufficiente', 'Insufficiente'];
/** Objective codes by class, as the engine gives them under the imported rules. */
const byClass = new Map<string, string[]>();

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	cookie = await server.signIn('direzione');
	const file = path.join(tempDir('classi'), 'regole.txt');
	fs.writeFileSync(
		file,
		'descrizione: Quattro classi con nome\r\n\r\n[classi]\r\nEccellente: da 95 %, in linea\r\nBuono: da 80 %, in linea\r\nSufficiente: da 60 %, a rischio\r\nInsufficiente: da 0 %, critico\r\n'
	);
	const r = await runCli(['src/cli/rules.ts', 'importa', file, '--anno', '2022', '--db', server.databasePath, '--motivo', 'Classi del nuovo SMVP']);
	expect(r.stderr).toBe('');
	const planId = db.sqlite.prepare('SELECT id FROM plan WHERE year = 2022').pluck().get() as number;
	const rules = readPlanRules(db, planId).rules;
	for (const c of CLASSES) byClass.set(c, []);
	for (const o of await evaluateScope(db, { planId }, DATE, rules)) {
		if (o.achievement.score !== null) byClass.get(classOf(o.achievement.score, rules)!.label)!.push(o.code);
	}
	// The shipped values reach at least two classes of the same tone and one of another: the test can tell them apart.
	expect(byClass.get('Eccellente')!.length).toBeGreaterThan(0);
	expect(byClass.get('Insufficiente')!.length + byClass.get('Sufficiente')!.length).toBeGreaterThan(0);
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

const html = async (p: string) => {
	const res = await fetch(server.url + p, { headers: { cookie } });
	expect(res.status).toBe(200);
	return res.text();
};
const count = (c: string) => byClass.get(c)!.length;

describe('named classes in bars, legends, filters and reports', () => {
	it('the home page’s distribution bar and legend count objectives by class, in the classes’ order', async () => {
		const page = await html(`/?data=${DATE}`);
		const shown = CLASSES.filter((c) => count(c) > 0);
		const aria = /aria-label="Obiettivi per stato: ([^"]*)"/.exec(page)![1];
		expect(aria.startsWith(shown.map((c) => `${c}: ${count(c)}`).join(', '))).toBe(true);
		for (const c of shown) expect(page).toMatch(new RegExp(`</span>${c} <strong>${count(c)}</strong></li>`));
		// The base tones' names are not what the bar says any more.
		expect(aria).not.toMatch(/In linea|A rischio|Critico/);
	});

	it('the «Stato» filter offers the classes, and selects by class', async () => {
		const page = await html(`/?data=${DATE}`);
		const select = /<select name="stato"[^>]*>([\s\S]*?)<\/select>/.exec(page)![1];
		expect([...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]])).toEqual([
			['', 'Tutti'],
			['eccellente', 'Eccellente'],
			['buono', 'Buono'],
			['sufficiente', 'Sufficiente'],
			['insufficiente', 'Insufficiente'],
			['senza-valore', 'Senza valore'],
			['senza-target', 'Senza target']
		]);
		for (const c of CLASSES) {
			const filtered = await html(`/?data=${DATE}&stato=${c.toLowerCase()}`);
			expect(filtered).toMatch(new RegExp(`<option value="${c.toLowerCase()}" selected`));
			if (count(c) > 0) expect(filtered).toMatch(new RegExp(`${count(c)} obiettiv[oi] per stato`));
			for (const code of byClass.get(c)!) expect(filtered).toContain(code);
			for (const other of CLASSES.filter((x) => x !== c)) for (const code of byClass.get(other)!) expect(filtered).not.toContain(`/obiettivi/2022/${code}?`);
		}
	});

	it('reports filter and label by class; the base-state spelling still selects every class of that tone', async () => {
		for (const c of CLASSES) {
			const text = await html(`/report/schede/csv?data=${DATE}&stato=${c.toLowerCase()}&formato=standard`);
			const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
			expect(rows.map((r) => r.Codice).sort()).toEqual([...byClass.get(c)!].sort());
			for (const r of rows) expect(r.Stato).toBe(c);
		}
		const report = await html(`/report/schede?data=${DATE}&stato=buono`);
		expect(report).toContain('stato «Buono»');
		const greens = await html(`/report/schede/csv?data=${DATE}&stato=in-linea&formato=standard`);
		const rows = Papa.parse<Record<string, string>>(greens, { header: true, skipEmptyLines: true }).data;
		expect(rows.map((r) => r.Codice).sort()).toEqual([...byClass.get('Eccellente')!, ...byClass.get('Buono')!].sort());
	});
});

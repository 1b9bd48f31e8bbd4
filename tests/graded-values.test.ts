/**
 * Graded indicators end to end (issue 18, point 7): the year's rules give an indicator grades
 * (`[giudizi CODICE]`), the director chooses one in the form (Chromium), the engine scores it, and the
 * grade travels through the review and objective pages, the change log, the uploaded misurazioni.csv and
 * the template, the export and the open data. A forged or unknown grade, or a grade for an indicator the
 * rules do not grade, is refused with a clear message and nothing is saved. Real server, SQLite, Chromium.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { a11yViolations, hasChromium, launchBrowser, screenshot } from './support/browser';
import { runCli, startServer, tempDir, type RunningServer } from './support/server';
import { windows1252 } from './support/italian-csv';

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};
const DATE = '2022-09-30';
const DIRECTOR = 'Luigi De Angelis';
type Ind = { id: number; code: string; objective: string; indicators: number };
let graded: Ind; // the only indicator of its objective: the objective's score is the grade's
let ratio: Ind;
let plain: Ind;

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	for (const u of ['luigi.deangelis', 'direzione']) cookies[u] = await server.signIn(u);
	const own = db.sqlite
		.prepare(
			`SELECT i.id, i.code, o.code AS objective, (SELECT count(*) FROM indicator x WHERE x.objective_id = o.id) AS indicators
			 FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id
			 WHERE d.name = ? AND (i.type IS NULL OR i.type IN ('numero', 'percentuale')) ORDER BY o.position, i.position`
		)
		.all(DIRECTOR) as Ind[];
	graded = own.find((i) => i.indicators === 1)!;
	[ratio, plain] = own.filter((i) => i !== graded);
	expect(graded && ratio && plain).toBeTruthy();
	db.sqlite.prepare(`UPDATE indicator SET type = 'percentuale', unit = '%', numerator_name = 'pratiche evase', denominator_name = 'pratiche ricevute' WHERE id = ?`).run(ratio.id);
	expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['direzione'])).body.type).toBe('success');
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

const stored = (id: number) =>
	db.sqlite.prepare('SELECT value, grade, justification, state, version FROM measurement WHERE indicator_id = ? AND date = ?').get(id, DATE) as
		| { value: number | null; grade: string | null; justification: string | null; state: string; version: number }
		| undefined;
const version = (id: number) => String(stored(id)?.version ?? 0);
const save = (fields: Record<string, string>, action = 'salva') => server.action(`/da-aggiornare?data=${DATE}&/${action}`, fields, cookies['luigi.deangelis']);
const upload = (text: string, name = 'misurazioni.csv') =>
	server.action(`/da-aggiornare?data=${DATE}&/carica`, { csv: new File([Buffer.from(windows1252(text))], name) }, cookies['luigi.deangelis']);
const page = async (p: string, who = 'luigi.deangelis') => {
	const res = await fetch(server.url + p, { headers: { cookie: cookies[who] } });
	expect(res.status).toBe(200);
	return res.text();
};
type Problems = Record<number, Array<{ field: string; message: string }>>;
const ALLOWED = 'alto, medio, più che sufficiente, basso, nullo';

describe('before the rules grade it', () => {
	it('a grade for an indicator the rules do not grade is refused, nothing saved; the form asks for a number', async () => {
		const html = await page(`/da-aggiornare?data=${DATE}`);
		expect(html).toContain(`name="valore_${graded.id}"`);
		expect(html).not.toContain(`name="giudizio_${graded.id}"`);
		const r = await save({ [`versione_${graded.id}`]: version(graded.id), [`giudizio_${graded.id}`]: 'medio' });
		expect(r.status).toBe(400);
		expect((r.body.data as { problems: Problems }).problems[graded.id]).toEqual([
			{ field: 'giudizio', message: `l’indicatore ${graded.code} non è a giudizi nelle regole del suo anno: si inserisce un valore, non un giudizio` }
		]);
		expect(stored(graded.id)).toBeUndefined();
	});
});

describe('with the rules that grade it', () => {
	beforeAll(async () => {
		const dir = tempDir('giudizi');
		const file = path.join(dir, 'regole-2022.txt');
		// Written as a Windows editor saves it: Windows-1252, CRLF.
		const text = `descrizione: SMVP con indicatori a giudizi\r\n\r\n[giudizi ${graded.code}]\r\nalto: 100 %\r\nmedio: 70 %\r\npiù che sufficiente: 60 %\r\nbasso: 50 %\r\nnullo: 0 %\r\n`;
		fs.writeFileSync(file, windows1252(text));
		const r = await runCli(['src/cli/rules.ts', 'importa', file, '--anno', '2022', '--db', server.databasePath, '--motivo', 'Giudizi per la qualità percepita']);
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
	});

	describe('in the browser', () => {
		let browser: Browser;
		beforeAll(async () => {
			if (hasChromium) browser = await launchBrowser();
		});
		afterAll(async () => {
			await browser?.close();
		});

		it.skipIf(!hasChromium)('the director chooses «medio» among the year’s grades and sends it; the engine scores it 70 %', async () => {
			const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
			const [name, value] = cookies['luigi.deangelis'].split('=');
			await context.addCookies([{ name, value, url: server.url }]);
			const p = await context.newPage();
			await p.goto(`${server.url}/da-aggiornare?data=${DATE}`);
			const select = p.locator(`#giudizio-${graded.id}`);
			// Labels and scores from the rules, in their order.
			expect(await select.locator('option').allTextContents()).toEqual(['— scegliere un giudizio', 'alto (100,0 %)', 'medio (70,0 %)', 'più che sufficiente (60,0 %)', 'basso (50,0 %)', 'nullo (0,0 %)']);
			expect(await p.locator(`#valore-${graded.id}`).count()).toBe(0);
			await select.selectOption('medio');
			await p.fill(`#numeratore-${ratio.id}`, '1.234');
			await p.fill(`#denominatore-${ratio.id}`, '1.851');
			await p.getByRole('button', { name: 'Salva in bozza' }).click();
			await p.getByRole('status').filter({ hasText: 'Salvati in bozza 2 valori' }).waitFor();
			expect(stored(graded.id)).toMatchObject({ value: null, grade: 'medio', state: 'bozza' });
			await screenshot(p, 'da-aggiornare-giudizi-rapporto-1366');
			expect(await a11yViolations(p)).toEqual([]);
			await p.setViewportSize({ width: 390, height: 844 });
			await screenshot(p, 'da-aggiornare-giudizi-rapporto-390');
			expect(await a11yViolations(p)).toEqual([]);
			expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
			await p.setViewportSize({ width: 1366, height: 900 });

			// 70 % is below target: sending asks for the justification, as for any value.
			await p.getByRole('button', { name: 'Invia alla Direzione' }).click();
			await p.locator('#riepilogo-errori').waitFor();
			expect(await p.locator('#riepilogo-errori').textContent()).toContain('la motivazione dello scostamento è obbligatoria');
			expect(await select.inputValue()).toBe('medio');
			await p.fill(`#motivazione-${graded.id}`, 'Giudizio del panel di utenti');
			await p.fill(`#motivazione-${ratio.id}`, 'Pratiche arretrate');
			await p.getByRole('button', { name: 'Invia alla Direzione' }).click();
			await p.getByRole('status').filter({ hasText: 'Inviati alla Direzione generale' }).waitFor();
			expect(stored(graded.id)).toMatchObject({ value: null, grade: 'medio', state: 'inviato' });
			await context.close();
		});
	});

	it('the objective page, the review page and the change log show the grade and its score', async () => {
		const objective = await page(`/obiettivi/2022/${encodeURIComponent(graded.objective)}?data=${DATE}`, 'direzione');
		expect(objective).toMatch(/data-label="Valore">medio<\/td>/);
		expect(objective).toMatch(/<p class="figure[^"]*">70,0 %<\/p>/);
		expect(objective).toMatch(/<li>Giudizio: [^<]*medio<\/li>/);
		const review = await page('/revisione', 'direzione');
		expect(review).toMatch(/Valore al 30\/09\/2022: <strong>medio<\/strong>/);
	});

	it('a forged or unknown grade, a grade with a number, a number for a graded indicator: clear errors, nothing saved', async () => {
		// Returned to draft so it can be changed again.
		const back = await server.action(`/da-aggiornare?data=${DATE}&/ritira`, { id: String(db.sqlite.prepare('SELECT id FROM measurement WHERE indicator_id = ? AND date = ?').pluck().get(graded.id, DATE)), versione: version(graded.id) }, cookies['luigi.deangelis']);
		expect(back.body.type).toBe('success');
		const before = stored(graded.id);
		const cases: Array<[Record<string, string>, string, string]> = [
			[{ [`giudizio_${graded.id}`]: 'eccellente' }, 'giudizio', `«eccellente» non è un giudizio dell’indicatore ${graded.code} (giudizi ammessi: ${ALLOWED})`],
			[{ [`giudizio_${graded.id}`]: '<script>alert(1)</script>' }, 'giudizio', `«<script>alert(1)</script>» non è un giudizio dell’indicatore ${graded.code} (giudizi ammessi: ${ALLOWED})`],
			[{ [`giudizio_${graded.id}`]: 'alto', [`valore_${graded.id}`]: '100' }, 'giudizio', 'un giudizio va da solo: senza valore né numeratore e denominatore'],
			[{ [`valore_${graded.id}`]: '100' }, 'giudizio', `l’indicatore ${graded.code} è a giudizi: scegliere uno tra ${ALLOWED}`]
		];
		for (const [fields, field, message] of cases) {
			const r = await save({ ...fields, [`versione_${graded.id}`]: version(graded.id), [`versione_${plain.id}`]: version(plain.id), [`valore_${plain.id}`]: '5' });
			expect(r.status).toBe(400);
			expect((r.body.data as { problems: Problems }).problems[graded.id]).toEqual([{ field, message }]);
			expect(stored(graded.id)).toEqual(before);
			expect(stored(plain.id)).toBeUndefined();
		}
		// The page says it as text, never as HTML.
		const r = await fetch(`${server.url}/da-aggiornare?data=${DATE}&/salva`, {
			method: 'POST',
			headers: { cookie: cookies['luigi.deangelis'], origin: server.url },
			body: new URLSearchParams({ [`versione_${graded.id}`]: version(graded.id), [`giudizio_${graded.id}`]: '<script>alert(1)</script>' })
		});
		expect(await r.text()).not.toContain('<script>alert(1)</script>');
	});

	it('misurazioni.csv with a giudizio column: matched without case or accents, an unknown grade refused at file:line: column', async () => {
		const ok = await upload(`Anno;Codice indicatore;Data;Valore;Giudizio;Motivazione\r\n2022;${graded.code};30/09/2022;;PIU CHE SUFFICIENTE;Dal questionario\r\n`);
		expect(ok.body.type).toBe('success');
		expect(stored(graded.id)).toMatchObject({ value: null, grade: 'più che sufficiente', justification: 'Dal questionario' });

		const before = stored(graded.id);
		const bad = await upload(
			`Anno;Codice indicatore;Data;Valore;Giudizio\r\n2022;${graded.code};30/09/2022;;ottimo\r\n2022;${plain.code};30/09/2022;;alto\r\n`
		);
		expect(bad.status).toBe(400);
		expect((bad.body.data as { csvErrors: string[] }).csvErrors).toEqual([
			`misurazioni.csv:2: giudizio: «ottimo» non è un giudizio dell’indicatore ${graded.code} (giudizi ammessi: ${ALLOWED})`,
			`misurazioni.csv:3: giudizio: l’indicatore ${plain.code} non è a giudizi nelle regole del suo anno: si inserisce un valore, non un giudizio`
		]);
		const number = await upload(`Anno;Codice indicatore;Data;Valore;Giudizio\r\n2022;${graded.code};30/09/2022;80;\r\n`);
		expect((number.body.data as { csvErrors: string[] }).csvErrors).toEqual([`misurazioni.csv:2: giudizio: l’indicatore ${graded.code} è a giudizi: scegliere uno tra ${ALLOWED}`]);
		expect(stored(graded.id)).toEqual(before);
		expect(stored(plain.id)).toBeUndefined();
	});

	it('the template carries the grade column and names the grades; filled and uploaded, the grade is stored', async () => {
		const res = await fetch(`${server.url}/da-aggiornare/modello.csv?data=${DATE}`, { headers: { cookie: cookies['luigi.deangelis'] } });
		const text = new TextDecoder().decode(new Uint8Array(await res.arrayBuffer()).slice(3));
		const [header, ...lines] = text.split('\r\n');
		const columns = header.split(';');
		expect(columns.slice(0, 9)).toEqual(['Anno', 'Codice indicatore', 'Data', 'Valore', 'Motivazione', 'Fonte', 'Numeratore', 'Denominatore', 'Giudizio']);
		const line = lines.find((l) => l.startsWith(`2022;${graded.code};`))!.split(';');
		expect(line[columns.indexOf('Giudizio')]).toBe('più che sufficiente');
		expect(line[columns.indexOf('Come scrivere il valore (promemoria)')]).toBe(`Giudizio: scrivere uno tra ${ALLOWED}`);
		line[columns.indexOf('Giudizio')] = 'Basso';
		const filled = [header, line.join(';')].join('\r\n') + '\r\n';
		const up = await upload(filled, 'modello.csv');
		expect(up.body.type).toBe('success');
		expect(stored(graded.id)).toMatchObject({ value: null, grade: 'basso' });
	});

	it('accepted and validated, the grade is in the export and the open data, and scores the public page', async () => {
		const send = await save({ [`versione_${graded.id}`]: version(graded.id), [`giudizio_${graded.id}`]: 'alto' }, 'invia');
		expect(send.body.type).toBe('success');
		const exported = await page('/esporta/misurazioni.csv', 'direzione');
		expect(exported.split(/\r?\n/)[0]).toContain('numeratore,denominatore,giudizio,motivazione');
		expect(exported).toMatch(new RegExp(`2022,${graded.code},2022-09-30,,,,alto,`));
		// Straight to validated, as the Nucleo's cycle ends: the public page and open data show validated values only.
		db.sqlite.prepare(`UPDATE monitoring_period SET state = 'chiuso' WHERE date = ?`).run(DATE);
		db.sqlite.prepare(`UPDATE measurement SET state = 'validato' WHERE date = ?`).run(DATE);
		db.sqlite.prepare(`UPDATE monitoring_period SET state = 'validato' WHERE date = ?`).run(DATE);
		const open = await (await fetch(`${server.url}/trasparenza/2022/misurazioni.csv`)).text();
		expect(open).toMatch(new RegExp(`2022,${graded.code},2022-09-30,,,,alto,`));
		const json = (await (await fetch(`${server.url}/trasparenza/2022/dati.json`)).json()) as { misurazioni: Array<Record<string, string>> };
		expect(json.misurazioni.find((m) => m.codice_indicatore === graded.code && m.data === DATE)?.giudizio).toBe('alto');
	});
});

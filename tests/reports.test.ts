/**
 * The evaluation board's reports as files (XLSX reopened with exceljs, CSV re-imported) and the public
 * view checked signed out. The printed reports are tested in report-print.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { openDatabase, openMigratedDatabase, type Db } from '../src/lib/server/db/database';
import { importFiles } from '../src/lib/server/import/import.service';
import { csvInput } from '../src/lib/server/testing/db';
import { runCli, startServer, tempDir, type RunningServer } from './support/server';
import { hasChromium, launchBrowser, screenshot, seriousA11yViolations } from './support/browser';

let server: RunningServer;
let db: Db;
let nucleo: string;
const get = (p: string, cookie = nucleo) => fetch(server.url + p, { headers: cookie ? { cookie } : {} });

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	// An objective whose title a spreadsheet would run as a formula, and a negative amount (a saving).
	const report = importFiles(db, [
		csvInput('obiettivi.csv', 'anno;codice;valore_pubblico;titolo;descrizione;cdr_codice;cdr_nome;dirigente\n2022;2022-Z9-OP-01;Public governance;"=HYPERLINK(""http://x.example"";""clic"")";Prova;Z9;Prova;Roberto Gerardi\n'),
		csvInput('fasi.csv', 'codice_obiettivo;numero;descrizione;importo\n2022-Z9-OP-01;1;Risparmio;-1.500,50\n'),
		csvInput('indicatori.csv', 'codice_obiettivo;codice;descrizione;tipo;unita;polarita;target\n2022-Z9-OP-01;2022-Z9-OP-01-I01;@SOMMA conteggio;numero;pratiche;crescente;10\n')
	]);
	expect(report.errors).toEqual([]);
	nucleo = await server.signIn('nucleo');
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

const KINDS = ['schede', 'scostamenti', 'sintesi', 'qualita', 'relazione'] as const;

describe('reports as files', () => {
	it.each(KINDS)('%s: XLSX with frozen header, widths, numbers as numbers and guarded formulas', async (kind) => {
		const res = await get(`/report/${kind}/xlsx?data=2022-12-31`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toContain(`${kind}-2022-12-31.xlsx`);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
		expect(wb.worksheets.length).toBeGreaterThan(0);
		for (const ws of wb.worksheets) {
			expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
			expect(ws.getRow(1).font?.bold).toBe(true);
			expect(ws.getColumn(1).width).toBeGreaterThan(4);
			ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
		}
		if (kind === 'schede') {
			const objectives = wb.getWorksheet('Obiettivi')!;
			expect(objectives.getRow(1).values).toEqual(expect.arrayContaining(['Codice', 'Obiettivo', 'Dirigente', 'Raggiungimento al 31/12/2022']));
			const rows = objectives.getSheetValues().filter(Boolean) as unknown[][];
			const z = rows.find((r) => r[1] === '2022-Z9-OP-01')!;
			expect(z[2]).toBe(`'=HYPERLINK("http://x.example";"clic")`);
			const census = rows.find((r) => r[1] === '2022-B7-OP-01')!;
			expect(census[8]).toBeCloseTo(22 / 26, 3); // a real number, shown as 84,6%
			expect(objectives.getColumn(8).numFmt).toBe('0.0%');
			const phases = wb.getWorksheet('Fasi')!.getSheetValues().filter(Boolean) as unknown[][];
			expect(phases.find((r) => r[1] === '2022-Z9-OP-01')![4]).toBe(-1500.5);
			const h1 = phases.find((r) => r[1] === '2022-H1-OP-03')!;
			expect(h1[4]).toBe(9294542.81);
			const indicators = wb.getWorksheet('Indicatori')!.getSheetValues().filter(Boolean) as unknown[][];
			expect(indicators.find((r) => r[2] === '2022-Z9-OP-01-I01')![3]).toBe("'@SOMMA conteggio");
		}
		if (kind === 'qualita') {
			const totals = wb.getWorksheet('Totali')!.getSheetValues().filter(Boolean) as unknown[][];
			const last = totals[totals.length - 1];
			expect(last[1]).toBe('Totale');
			expect(typeof last[3]).toBe('number');
		}
	});

	it('CSV for Italian Excel: BOM, semicolons, decimal comma, guarded text; and a plain comma variant', async () => {
		const italian = await (await get('/report/schede/csv?data=2022-12-31')).arrayBuffer();
		const text = new TextDecoder().decode(italian);
		expect(new Uint8Array(italian).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
		expect(text.split('\r\n')[0].replace('\uFEFF', '')).toMatch(/^Codice;Obiettivo;Valore pubblico;/);
		expect(text).toContain(`;"'=HYPERLINK(""http://x.example"";""clic"")";`);
		expect(text).toMatch(/2022-B7-OP-01;[^\r]*;84,6;/);
		const plain = await (await get('/report/schede/csv?data=2022-12-31&formato=standard')).text();
		expect(plain.startsWith('Codice,Obiettivo,')).toBe(true);
		expect(plain).toMatch(/2022-B7-OP-01,[^\r]*,84\.6,/);
	});

	it('the interchange CSVs of the selection re-import into an empty database', async () => {
		const dir = tempDir('export');
		for (const f of ['piano.csv', 'obiettivi.csv', 'fasi.csv', 'indicatori.csv', 'misurazioni.csv']) {
			const res = await get(`/esporta/${f}`);
			expect(res.status).toBe(200);
			fs.writeFileSync(path.join(dir, f), await res.text());
		}
		const target = path.join(dir, 'copia.sqlite');
		const r = await runCli(['src/cli/import.ts', dir, '--db', target]);
		expect(r.status, r.stderr).toBe(0);
		// spawnSync blocked this process's event loop: let it see the server close the idle keep-alive
		// connection (after 5 s) before the next fetch, or the fetch reuses the dead socket.
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(r.stdout).toMatch(/obiettivi\s+78 nuovi/);
		const copy = await openMigratedDatabase(target);
		try {
			expect(copy.sqlite.prepare("SELECT title FROM objective WHERE code = '2022-Z9-OP-01'").pluck().get()).toBe('=HYPERLINK("http://x.example";"clic")');
			expect(copy.sqlite.prepare("SELECT amount_cents FROM phase f JOIN objective o ON o.id = f.objective_id WHERE o.code = '2022-Z9-OP-01'").pluck().get()).toBe(-150050);
		} finally {
			await copy.close();
		}
		// Filtered: one director's objectives only.
		const gerardi = db.sqlite.prepare("SELECT id FROM director WHERE name = 'Roberto Gerardi'").pluck().get();
		const theirs = await (await get(`/esporta/obiettivi.csv?dirigente=${gerardi}`)).text();
		const records = Papa.parse<Record<string, string>>(theirs, { header: true, skipEmptyLines: true }).data;
		expect(records.map((r) => r.codice)).toEqual(['2022-C7-OP-01', '2022-C7-OP-02', '2022-C7-OP-03', '2022-Z9-OP-01']);
	});

	it('the reports page links every interchange file the export serves, and the year’s rules file', async () => {
		const page = await (await get('/report')).text();
		const links = [...page.matchAll(/href="(\/(?:esporta|trasparenza)\/[^"?]+)[^"]*" download/g)].map((m) => m[1]);
		expect(links).toEqual([
			...['piano.csv', 'obiettivi.csv', 'assegnazioni.csv', 'fasi.csv', 'indicatori.csv', 'misurazioni.csv', 'avanzamento_fasi.csv'].map((f) => `/esporta/${f}`),
			'/trasparenza/2022/regole.txt'
		]);
		for (const link of links) {
			const res = await get(link);
			expect(res.status, link).toBe(200);
			const body = await res.text();
			// Each file starts with its own heading row (the rules file with its description line).
			expect(body.length, link).toBeGreaterThan(20);
			if (link.endsWith('regole.txt')) expect(body).toMatch(/^misura dalle fasi: no$/m);
		}
	});

	it('one objective’s sheet on its own', async () => {
		const text = await (await get('/report/schede/csv?obiettivo=2022-H1-OP-03&formato=standard')).text();
		const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
		expect(rows.map((r) => r.Codice)).toEqual(['2022-H1-OP-03']);
		expect(rows[0]['Importo fasi (€)']).toBe('54157616.01');
	});

	it('the quality report finds the plan’s known defects', async () => {
		const text = await (await get('/report/qualita/csv?tabella=1&formato=standard')).text();
		expect(text).toMatch(/Obiettivo senza indicatori,2022-H1-OP-07/);
		expect(text).toContain('Indicatore senza target');
		expect(text).toContain('nessun peso indicato');
	});

	it('a deviation without a justification says so', async () => {
		const text = await (await get('/report/scostamenti/csv?formato=standard&data=2022-12-31')).text();
		expect(text).toMatch(/2022-Z9-OP-01-I01,.*MOTIVAZIONE ASSENTE/);
	});
});

// The reports themselves are printed and read back in tests/report-print.test.ts.
describe.runIf(hasChromium)('the public page in Chromium', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it('the public page, signed out, shows the plan and no unvalidated value', async () => {
		const page = await browser.newPage();
		await page.goto(`${server.url}/trasparenza`);
		await page.waitForURL(/\/trasparenza\/2022$/);
		await screenshot(page, 'trasparenza');
		expect(await seriousA11yViolations(page)).toEqual([]);
		await page.close();
	});
});

describe('public transparency, signed out', () => {
	it('publishes only validated values: not drafts, not submitted, not accepted ones', async () => {
		const direzione = await server.signIn('direzione');
		const director = await server.signIn('luigi.deangelis');
		const manual = db.sqlite.prepare("SELECT id FROM indicator WHERE code = '2022-B7-OP-02-I01'").pluck().get() as number;
		expect((await server.action('/monitoraggio', { azione: 'apri', data: '2022-10-31' }, direzione)).body.type).toBe('success');
		// A draft with an unmistakable number.
		expect((await server.action('/da-aggiornare?data=2022-10-31&/salva', { [`valore_${manual}`]: '987654', [`versione_${manual}`]: '0' }, director)).body.type).toBe('success');

		const page = await (await get('/trasparenza/2022', '')).text();
		expect(page).toContain('non ha ancora validato');
		// The shipped example values are not validated, so the public page publishes none and does not warn.
		expect(page).not.toContain('Valori di esempio.');
		expect(await (await get('/', direzione)).text()).toContain('Valori di esempio.');
		for (const f of ['misurazioni.csv', 'dati.json']) {
			const res = await get(`/trasparenza/2022/${f}`, '');
			expect(res.status).toBe(200);
			const body = await res.text();
			expect(body).not.toContain('987654');
			expect(body).not.toContain('esempio'); // accepted example values are not validated
		}
		const json = await (await get('/trasparenza/2022/dati.json', '')).json();
		expect(json.licenza).toBe('CC-BY-4.0');
		expect(Object.keys(json.obiettivi[0])).toEqual(['anno', 'codice', 'valore_pubblico', 'titolo', 'descrizione', 'cdr_codice', 'cdr_nome', 'dirigente', 'peso', 'missione', 'programma', 'obiettivo_strategico']);
		expect(json.obiettivi.find((o: { codice: string }) => o.codice === '2022-Z9-OP-01').titolo).toBe('=HYPERLINK("http://x.example";"clic")');
		expect(json.misurazioni).toEqual([]);

		// The board validates 31/12: those values, and only those, are published.
		expect((await server.action('/monitoraggio', { azione: 'valida', data: '2022-12-31', conferma: 'si' }, nucleo)).body.type).toBe('success');
		const after = await (await get('/trasparenza/2022/dati.json', '')).json();
		expect(after.misurazioni.length).toBe(114);
		expect(after.misurazioni.every((m: { data: string }) => m.data === '2022-12-31')).toBe(true);
		expect(after.misurazioni.find((m: { codice_indicatore: string }) => m.codice_indicatore === '2022-B7-OP-01-I01').valore).toBe('22');
		const html = await (await get('/trasparenza/2022', '')).text();
		expect(html).toContain('Raggiungimento al 31/12/2022, validato');
		expect(html).not.toContain('987654');
	});
});

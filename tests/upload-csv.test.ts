/**
 * Issue 11: the misurazioni.csv upload on «Da aggiornare» reads values with the file's dialect (as the
 * command-line import does), refuses files it cannot decode, keeps the user's `fonte` and records the
 * upload in the change log. Real server, real HTTP, real files as Italian Excel and programs write them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { startServer, tempDir, type RunningServer } from './support/server';
import { csvLine, excelNumber, italianDate, programNumber, random, randomDecimal, valueOf, windows1252, type Decimal } from './support/italian-csv';

let server: RunningServer;
let db: Db;
let director: string;
const DATE = '2022-11-30';

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	director = await server.signIn('luigi.deangelis');
	const opened = await server.action('/monitoraggio', { azione: 'apri', data: DATE }, await server.signIn('direzione'));
	expect(opened.status).toBe(200);
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

/** The director's indicators whose values are numbers. */
function ownNumeric(): Array<{ id: number; code: string }> {
	return db.sqlite
		.prepare(
			`SELECT i.id, i.code FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id
			 WHERE d.name = 'Luigi De Angelis' AND i.type IN ('numero', 'percentuale') ORDER BY i.code`
		)
		.all() as Array<{ id: number; code: string }>;
}
const valueAt = (id: number) => db.sqlite.prepare('SELECT value, source FROM measurement WHERE indicator_id = ? AND date = ?').get(id, DATE) as { value: number; source: string } | undefined;

function upload(bytes: Uint8Array) {
	return server.action(`/da-aggiornare?data=${DATE}&/carica`, { csv: new File([Buffer.from(bytes)], 'misurazioni.csv', { type: 'text/csv' }) }, director);
}

describe('CSV upload on «Da aggiornare»', () => {
	const seed = Date.now() % 1_000_000;

	it(`reads every value the way the file writes it: Italian Excel and programs (seme ${seed})`, async () => {
		const r = random(seed);
		const own = ownNumeric();
		expect(own.length).toBeGreaterThan(2);
		for (const style of ['excel', 'programma', 'excel'] as const) {
			const values = new Map<number, Decimal>(own.map((i) => [i.id, randomDecimal(r, { signed: true })]));
			const delimiter = style === 'excel' ? ';' : ',';
			const lines = [style === 'excel' ? ['Codice indicatore', 'Data', 'Valore', 'Motivazione', 'Fonte'] : ['codice_indicatore', 'data', 'valore', 'motivazione', 'fonte']];
			for (const i of own) {
				const v = values.get(i.id)!;
				lines.push([i.code, style === 'excel' ? italianDate(DATE) : DATE, style === 'excel' ? excelNumber(v, r.next() < 0.7) : programNumber(v), 'Scostamento dovuto a lavori', '']);
			}
			const text = lines.map((l) => csvLine(l, delimiter)).join(style === 'excel' ? '\r\n' : '\n');
			const res = await upload(style === 'excel' ? windows1252(text) : new TextEncoder().encode(text));
			expect(res.status, `${style}, seme ${seed}: ${JSON.stringify(res.body)}`).toBe(200);
			for (const i of own) expect(valueAt(i.id)?.value, `${i.code} (${style}, seme ${seed})`).toBe(valueOf(values.get(i.id)!));
		}
	});

	it('60.730 in a `;` file is sixty thousand seven hundred and thirty; the user’s fonte is kept and the upload logged', async () => {
		const [a, b] = ownNumeric();
		const text = `codice_indicatore;data;valore;motivazione;fonte\r\n${a.code};30/11/2022;60.730;;Protocollo n. 12/2022\r\n${b.code};30/11/2022;9.281;;\r\n`;
		const res = await upload(windows1252(text));
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(valueAt(a.id)).toEqual({ value: 60730, source: 'Protocollo n. 12/2022' });
		expect(valueAt(b.id)?.value).toBe(9281);
		const log = db.sqlite.prepare('SELECT actor, action, ref FROM audit_log WHERE indicator_id = ? ORDER BY id DESC LIMIT 1').get(a.id);
		expect(log).toEqual({ actor: 'luigi.deangelis', action: 'valore caricato da CSV in bozza', ref: `${a.code} al ${DATE} (da misurazioni.csv, riga 2)` });
	});

	it('lists every error at once: a wrong code on line 2 does not hide a wrong value on line 3; nothing is saved', async () => {
		const [a, b] = ownNumeric();
		const before = [valueAt(a.id), valueAt(b.id)];
		const auditBefore = db.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get();
		const text = `codice_indicatore;data;valore\nNON-MIO;30/11/2022;1\n${a.code};30/11/2022;dieci\n${b.code};30/11/2022;42\n${b.code};31/12/2022;42\n`;
		const res = await upload(new TextEncoder().encode(text));
		expect(res.status).toBe(400);
		const errors = (res.body.data as { csvErrors: string[] }).csvErrors;
		expect(errors).toEqual([
			'misurazioni.csv:2: codice_indicatore: l’indicatore NON-MIO non è tra i tuoi nel piano 2022',
			expect.stringMatching(/^misurazioni\.csv:3: valore: «dieci» non è un numero/),
			'misurazioni.csv:5: data: la data 31/12/2022 non è quella aperta all’inserimento (30/11/2022)'
		]);
		expect([valueAt(a.id), valueAt(b.id)]).toEqual(before);
		expect(db.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(auditBefore);
	});

	it('a UTF-8 file with one stray byte is refused with its line and byte, and nothing changes', async () => {
		const [a] = ownNumeric();
		const before = valueAt(a.id);
		const head = new TextEncoder().encode(`codice_indicatore;data;valore;motivazione;fonte\n${a.code};30/11/2022;1;Attività città;Uffici`);
		const res = await upload(new Uint8Array([...head, 0xe0, 0x0a]));
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body)).toMatch(/misurazioni\.csv:2: codifica mista: .*riga 2, byte \d+ della riga \(0xE0\)/);
		expect(valueAt(a.id)).toEqual(before);
	});
});

describe('every page names the body and plan it is about', () => {
	it('an older plan of another body shows its own body and title, not the newest plan’s', async () => {
		const dir = tempDir('altro-ente');
		fs.writeFileSync(path.join(dir, 'piano.csv'), windows1252('Anno;Ente;Titolo\r\n2019;Comune di Altrove;Piano della performance 2019–2021\r\n'));
		fs.writeFileSync(
			path.join(dir, 'obiettivi.csv'),
			windows1252('Anno;Codice;Valore pubblico;Titolo;CdR codice;Dirigente\r\n2019;ALT-01;Servizi;Più servizi in città;S1;Maria Bianchi\r\n')
		);
		const r = spawnSync('node_modules/.bin/tsx', ['src/cli/import.ts', dir, '--db', server.databasePath], { encoding: 'utf8' });
		expect(r.status, r.stderr).toBe(0);
		// spawnSync blocked the event loop: let it notice the server closing idle keep-alive sockets.
		await new Promise((resolve) => setTimeout(resolve, 100));

		const header = (html: string) => /<header[\s\S]*?<\/header>/.exec(html)![0];
		const footer = (html: string) => /<footer[\s\S]*?<\/footer>/.exec(html)![0];
		for (const url of ['/?anno=2019', '/obiettivi/2019/ALT-01']) {
			const html = await (await fetch(server.url + url, { headers: { cookie: director } })).text();
			expect(header(html), url).toContain('Comune di Altrove');
			expect(header(html), url).toContain('Piano della performance 2019–2021');
			expect(header(html), url).not.toContain('Provincia di Lucca');
			expect(footer(html), url).toContain('Comune di Altrove');
		}
		const newest = await (await fetch(server.url + '/', { headers: { cookie: director } })).text();
		expect(header(newest)).toContain('Provincia di Lucca');
		expect(header(newest)).not.toContain('Comune di Altrove');
	});
});

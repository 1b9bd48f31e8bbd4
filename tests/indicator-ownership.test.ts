/**
 * Issue 14: "ownership for entering values follows the lead unless the indicator names another
 * director". A 2023 plan with an objective led by Luigi De Angelis and shared with Fabrizio Mechini,
 * whose second indicator names Mechini in indicatori.csv (written as Italian Excel writes it), imported
 * with the real command into the built server's database; then every way in is tried over HTTP: the
 * form, forged ids, the upload, the template, the withdrawal, the evidence download, the home page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { runCli, startServer, tempDir, type RunningServer } from './support/server';

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};
const DATE = '2023-06-30';
const LUIGI = 'luigi.deangelis';
const FABRIZIO = 'fabrizio.mechini';
const words = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const get = (p: string, who?: string) => fetch(server.url + p, { headers: who ? { cookie: cookies[who] } : {}, redirect: 'manual' });

function excelFile(dir: string, name: string, lines: string[]): void {
	fs.writeFileSync(path.join(dir, name), Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'));
}

const PLAN = tempDir('proprieta');
excelFile(PLAN, 'piano.csv', ['anno;ente;titolo', '2023;Provincia di Lucca;PIAO 2023-2025']);
excelFile(PLAN, 'obiettivi.csv', [
	'anno;codice;valore_pubblico;titolo;descrizione;cdr_codice;cdr_nome;dirigente;peso',
	'2023;TR-01;Transizione digitale;Servizi online;;C7;Controllo di gestione;Luigi De Angelis;100'
]);
excelFile(PLAN, 'assegnazioni.csv', ['anno;codice_obiettivo;dirigente;cdr_codice;quota', '2023;TR-01;Luigi De Angelis;;60', '2023;TR-01;Fabrizio Mechini;;40']);
excelFile(PLAN, 'indicatori.csv', [
	'anno;codice_obiettivo;codice;descrizione;tipo;unita;polarita;target;dirigente',
	'2023;TR-01;I182;Pratiche evase online;numero;pratiche;crescente;1.000;',
	'2023;TR-01;I183;Sportelli digitali attivati;numero;sportelli;crescente;10;Fabrizio Mechini'
]);

const id = (code: string) => db.sqlite.prepare(`SELECT i.id FROM indicator i JOIN plan p ON p.id = i.plan_id WHERE p.year = 2023 AND i.code = ?`).pluck().get(code) as number;
const valueOf = (code: string) =>
	db.sqlite.prepare('SELECT id, value, state, version, entered_by FROM measurement WHERE indicator_id = ? AND date = ?').get(id(code), DATE) as
		| { id: number; value: number; state: string; version: number; entered_by: string }
		| undefined;
const save = (who: string, fields: Record<string, string | Blob>, action = 'salva') => server.action(`/da-aggiornare?data=${DATE}&/${action}`, fields, cookies[who]);
const upload = (who: string, lines: string[]) =>
	server.action(`/da-aggiornare?data=${DATE}&/carica`, { csv: new File([Buffer.from(lines.join('\r\n') + '\r\n', 'latin1')], 'valori.csv') }, cookies[who]);

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	const imported = await runCli(['src/cli/import.ts', PLAN, '--db', server.databasePath]);
	expect(imported.status, imported.stderr).toBe(0);
	for (const u of [LUIGI, FABRIZIO, 'direzione']) cookies[u] = await server.signIn(u);
	expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['direzione'])).body.type).toBe('success');
}, 120_000);
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

describe('an indicator that names another director', () => {
	it('is read from the Excel dialect, stored on the indicator, exported and shown on the objective page', async () => {
		const csv = await (await get('/esporta/indicatori.csv?anno=2023', 'direzione')).text();
		expect(csv.split(/\r?\n/)[0]).toContain(',fonte_dato,dirigente');
		expect(csv).toMatch(/2023,TR-01,I183,.*,Fabrizio Mechini\r?\n/);
		expect(csv).toMatch(/2023,TR-01,I182,.*,\r?\n/);
		const page = words(await (await get('/obiettivi/2023/TR-01', 'direzione')).text());
		expect(page).toContain('Inserisce i valori Fabrizio Mechini');
		expect(page).toContain('Inserisce i valori Luigi De Angelis (dirigente dell’obiettivo)');
	});

	it('is in the named director’s «Da aggiornare» list, template and home, and not in the lead’s', async () => {
		const his = words(await (await get(`/da-aggiornare?data=${DATE}`, FABRIZIO)).text());
		expect(his).toContain('I183');
		expect(his).toContain('obiettivo di Luigi De Angelis');
		expect(his).not.toContain('I182');
		const lead = words(await (await get(`/da-aggiornare?data=${DATE}`, LUIGI)).text());
		expect(lead).toContain('I182');
		expect(lead).not.toContain('I183');
		const template = await (await get(`/da-aggiornare/modello.csv?data=${DATE}`, FABRIZIO)).text();
		expect(template).toContain(';I183;');
		expect(template).not.toContain(';I182;');
		const leadTemplate = await (await get(`/da-aggiornare/modello.csv?data=${DATE}`, LUIGI)).text();
		expect(leadTemplate).toContain(';I182;');
		expect(leadTemplate).not.toContain(';I183;');
		// The director's home counts what he has to enter at the open date: Mechini's one indicator of 2023.
		const home = words(await (await get('/il-mio-lavoro', FABRIZIO)).text());
		expect(home).toMatch(/1 indicatore/);
	});

	it('the lead cannot enter it: a forged field is refused whole with 403, nothing saved', async () => {
		const forged = await save(LUIGI, { [`valore_${id('I182')}`]: '500', [`versione_${id('I182')}`]: '0', [`valore_${id('I183')}`]: '7', [`versione_${id('I183')}`]: '0' });
		expect(forged.status).toBe(403);
		expect(valueOf('I182')).toBeUndefined();
		expect(valueOf('I183')).toBeUndefined();
		// Nor can the named director enter the lead's indicator.
		const back = await save(FABRIZIO, { [`valore_${id('I182')}`]: '9', [`versione_${id('I182')}`]: '0' });
		expect(back.status).toBe(403);
		expect(valueOf('I182')).toBeUndefined();
		// An id that is no indicator at all.
		expect((await save(FABRIZIO, { valore_99999999: '1', versione_99999999: '0' })).status).toBe(403);
	});

	it('an upload with a row for an indicator he does not own names the line and saves nothing', async () => {
		const r = await upload(LUIGI, ['anno;codice_indicatore;data;valore', '2023;I182;30/06/2023;1.200', '2023;I183;30/06/2023;8']);
		expect(r.status).toBe(400);
		expect(JSON.stringify(r.body.data)).toContain('valori.csv:3: codice_indicatore: l’indicatore I183 non è tra i tuoi nel piano 2023');
		expect(valueOf('I182')).toBeUndefined();
		expect(valueOf('I183')).toBeUndefined();
	});

	it('the named director enters, submits and withdraws it; the lead cannot withdraw it', async () => {
		const up = await upload(FABRIZIO, ['anno;codice_indicatore;data;valore', '2023;I183;30/06/2023;4']);
		expect(up.body.type, JSON.stringify(up.body)).toBe('success');
		expect(valueOf('I183')).toMatchObject({ value: 4, state: 'bozza', entered_by: FABRIZIO });
		const evidence = new File([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64, 32)])], 'verbale.pdf', { type: 'application/pdf' });
		const sent = await save(FABRIZIO, { [`valore_${id('I183')}`]: '5', [`motivazione_${id('I183')}`]: 'Metà anno', [`versione_${id('I183')}`]: String(valueOf('I183')!.version), [`file_${id('I183')}`]: evidence }, 'invia');
		expect(sent.body.type, JSON.stringify(sent.body)).toBe('success');
		const m = valueOf('I183')!;
		expect(m).toMatchObject({ value: 5, state: 'inviato' });
		expect((await server.action('/da-aggiornare?/ritira', { id: String(m.id), versione: String(m.version) }, cookies[LUIGI])).status).toBe(403);
		expect(valueOf('I183')!.state).toBe('inviato');
		const withdrawn = await server.action('/da-aggiornare?/ritira', { id: String(m.id), versione: String(m.version) }, cookies[FABRIZIO]);
		expect(withdrawn.body.type).toBe('success');
		expect(valueOf('I183')!.state).toBe('bozza');
		// His evidence file: he downloads it, the lead of the objective does not.
		const fileId = db.sqlite.prepare('SELECT evidence_file_id FROM measurement WHERE id = ?').pluck().get(m.id) as number;
		expect(fileId).toBeGreaterThan(0);
		expect((await get(`/allegati/${fileId}`, FABRIZIO)).status).toBe(200);
		expect((await get(`/allegati/${fileId}`, LUIGI)).status).toBe(403);
	});

	it('the direction’s review groups a submitted value under the director who owns it', async () => {
		const m = valueOf('I183')!;
		expect((await save(FABRIZIO, { [`valore_${id('I183')}`]: '5', [`motivazione_${id('I183')}`]: 'Metà anno', [`versione_${id('I183')}`]: String(m.version) }, 'invia')).body.type).toBe('success');
		const queue = words(await (await get('/revisione', 'direzione')).text());
		expect(queue).toMatch(/Fabrizio Mechini[^]*I183/);
		// «Accept all of Luigi De Angelis» with Mechini's value among them is refused; «all of Mechini» takes it.
		const directorId = (name: string) => String(db.sqlite.prepare('SELECT id FROM director WHERE name = ?').pluck().get(name));
		const v = valueOf('I183')!;
		const wrong = await server.action('/revisione?/accetta_tutti', { dirigente: directorId('Luigi De Angelis'), voce: `${v.id}:${v.version}` }, cookies['direzione']);
		expect(wrong.status).toBe(409);
		expect(valueOf('I183')!.state).toBe('inviato');
		const right = await server.action('/revisione?/accetta_tutti', { dirigente: directorId('Fabrizio Mechini'), voce: `${v.id}:${v.version}` }, cookies['direzione']);
		expect(right.body.type, JSON.stringify(right.body)).toBe('success');
		expect(valueOf('I183')!.state).toBe('accettato');
	});
});

/**
 * Issue 14, "Done when": a two-year dataset (2022 and 2023 with the same indicator codes, an objective
 * shared by three directors, a formula indicator, historical validated values for 2022, DUP links),
 * written as Italian Excel writes it, imported with the real commands into the real server's database,
 * rolled forward from 2023 to 2024 by the command and by the administrator's page, then checked through
 * pages, reports, exports and open data over HTTP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { runCli, startServer, tempDir, type RunningServer } from './support/server';

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};
const words = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const get = (p: string, who?: string) => fetch(server.url + p, { headers: who ? { cookie: cookies[who] } : {} });
const text = async (p: string, who?: string) => {
	const r = await get(p, who);
	expect(r.status, p).toBe(200);
	return r.text();
};

/** Italian Excel: `;`, decimal comma, thousands dots, CRLF, Windows-1252 (latin1 for these letters). */
function excelFile(dir: string, name: string, lines: string[]): void {
	fs.writeFileSync(path.join(dir, name), Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'));
}

const PLAN = tempDir('anni-piano');
const HISTORY = tempDir('anni-storia');
excelFile(PLAN, 'piano.csv', ['anno;ente;titolo', '2023;Provincia di Lucca;PIAO 2023-2025']);
excelFile(PLAN, 'obiettivi.csv', [
	'anno;codice;valore_pubblico;titolo;descrizione;cdr_codice;cdr_nome;dirigente;peso;missione;programma;obiettivo_strategico',
	'2022;TR-01;Transizione digitale;Servizi online;Più pratiche evase online;C7;;Luigi De Angelis;30;01 Servizi istituzionali;0108 Statistica e sistemi informativi;OS1 Amministrazione digitale',
	'2023;TR-01;Transizione digitale;Servizi online;Più pratiche evase online;C7;Controllo di gestione;Luigi De Angelis;30;01 Servizi istituzionali;0108 Statistica e sistemi informativi;OS1 Amministrazione digitale',
	'2023;TR-02;Transizione digitale;Attività di sportello;;C7;Controllo di gestione;Luigi De Angelis;70;;;'
]);
excelFile(PLAN, 'assegnazioni.csv', [
	'anno;codice_obiettivo;dirigente;cdr_codice;quota',
	...[2022, 2023].flatMap((y) => [`${y};TR-01;Luigi De Angelis;C7;50`, `${y};TR-01;Fabrizio Mechini;;30`, `${y};TR-01;Paolo Benedetti;;20`])
]);
excelFile(PLAN, 'indicatori.csv', [
	'anno;codice_obiettivo;codice;descrizione;tipo;unita;polarita;baseline;target;peso;dimensione;formula;numeratore;denominatore;fonte_dato',
	'2022;TR-01;I182;Pratiche evase online;percentuale;%;crescente;;80;;qualità;pratiche evase online / pratiche ricevute × 100;pratiche evase online;pratiche ricevute;Protocollo informatico',
	'2023;TR-01;I182;Pratiche evase online;percentuale;%;crescente;75;85;;qualità;pratiche evase online / pratiche ricevute × 100;pratiche evase online;pratiche ricevute;Protocollo informatico',
	'2023;TR-02;I200;Sportelli aperti;numero;sportelli;crescente;;12;;;;;;'
]);
excelFile(PLAN, 'misurazioni.csv', [
	'anno;codice_indicatore;data;valore;numeratore;denominatore;motivazione;fonte',
	'2023;I182;30/06/2023;;1.530;2.000;;Protocollo',
	'2023;I200;30/06/2023;6;;;Metà degli sportelli aperti;Ufficio'
]);
excelFile(HISTORY, 'misurazioni.csv', ['anno;codice_indicatore;data;valore;numeratore;denominatore', '2022;I182;31/12/2022;75;1.500;2.000']);

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	for (const u of ['direzione', 'admin', 'fabrizio.mechini']) cookies[u] = await server.signIn(u);
	const cli = (args: string[]) => runCli([...args, '--db', server.databasePath]);
	const plan = await cli(['src/cli/import.ts', PLAN]);
	expect(plan.status, plan.stderr).toBe(0);
	const history = await cli(['src/cli/import.ts', HISTORY, '--validati', '--motivo', 'Relazione 2022 validata dal Nucleo il 28/06/2023']);
	expect(history.status, history.stderr).toBe(0);
	const forward = await cli(['src/cli/new-year.ts', '--da', '2023', '--a', '2024']);
	expect(forward.status, forward.stderr).toBe(0);
	// The server is still up after the commands wrote to its database.
	expect((await get('/accesso')).status, server.output()).toBe(200);
}, 240_000);
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

describe('two plan years, end to end', () => {
	it('1. the same codes live in 2022, 2023 and 2024, each year its own rows', () => {
		const rows = db.sqlite.prepare(`SELECT p.year, i.target FROM indicator i JOIN plan p ON p.id = i.plan_id WHERE i.code = 'I182' ORDER BY p.year`).all();
		expect(rows).toEqual([{ year: 2022, target: 80 }, { year: 2023, target: 85 }, { year: 2024, target: 85 }]);
	});

	it('2. the roll forward made 2024 from 2023 with no values, said so in the change log, and the administrator’s page refuses to do it twice', async () => {
		expect(db.sqlite.prepare(`SELECT count(*) FROM measurement m JOIN indicator i ON i.id = m.indicator_id JOIN plan p ON p.id = i.plan_id WHERE p.year = 2024`).pluck().get()).toBe(0);
		expect(db.sqlite.prepare(`SELECT ref FROM audit_log WHERE action = 'nuovo anno'`).pluck().all()).toEqual(['2023 → 2024']);
		const page = words(await text('/obiettivi/2024/TR-01', 'direzione'));
		expect(page).toContain('Servizi online');
		expect(page).toContain('Obiettivo condiviso');
		expect((await server.action('/nuovo-anno?/crea', { da: '2023', a: '2024' }, cookies['direzione'])).status).toBe(403);
		const again = await server.action('/nuovo-anno?/crea', { da: '2023', a: '2024' }, cookies['admin']);
		expect(again.status).toBe(409);
		expect(JSON.stringify(again.body)).toContain('Il piano 2024 esiste già');
		const missing = await server.action('/nuovo-anno?/crea', { da: '2023', a: '2024', solo_mancanti: 'si' }, cookies['admin']);
		expect(missing.body.type).toBe('success');
		expect(JSON.stringify(missing.body.data)).toContain('objectives');
		expect(words(await text('/nuovo-anno', 'admin'))).toContain('Piano di un anno nuovo');
	});

	it('3. the objective page compares its years: target, value and achievement of each', async () => {
		const page = words(await text('/obiettivi/2023/TR-01?data=2023-06-30', 'direzione'));
		expect(page).toContain('Negli anni');
		// 2022: 75 % of a target of 80 % (93,8 %); 2023 at 30/06: 1.530 / 2.000 = 76,5 %, from the
		// baseline 75 % toward 85 % (15,0 %); 2024 rolled forward: the target, no value yet.
		expect(page).toMatch(/I182 2022 80 % 75 % 93,8 %/);
		expect(page).toMatch(/I182 2023 85 % 76,5 % 15,0 %/);
		expect(page).toMatch(/I182 2024 85 % — —/);
	});

	it('4. the shared objective names its three directors with their quotas, and is among each one’s objectives', async () => {
		const page = words(await text('/obiettivi/2023/TR-01?data=2023-06-30', 'direzione'));
		expect(page).toMatch(/Luigi De Angelis · C7 · quota 50 %/);
		expect(page).toMatch(/Fabrizio Mechini · C7 · quota 30 %/);
		expect(page).toMatch(/Paolo Benedetti · C7 · quota 20 %/);
		const mechini = db.sqlite.prepare(`SELECT id FROM director WHERE name = 'Fabrizio Mechini'`).pluck().get();
		const his = words(await text(`/dirigenti/${mechini}?anno=2023&data=2023-06-30`, 'direzione'));
		expect(his).toContain('Servizi online');
		expect(his).toContain('Luigi De Angelis (capofila) 50 %');
		expect(await text('/trasparenza/2022/assegnazioni.csv')).toContain('2022,TR-01,Fabrizio Mechini,C7,30');
	});

	it('5. the historical 2022 results are validated, recorded with the reason, and published with the year', async () => {
		expect(db.sqlite.prepare(`SELECT reason FROM audit_log WHERE action = 'importazione di risultati validati'`).pluck().all()).toEqual(['Relazione 2022 validata dal Nucleo il 28/06/2023']);
		expect(words(await text('/trasparenza/2022'))).toContain('31/12/2022');
		expect(await text('/trasparenza/2022/misurazioni.csv')).toContain('2022,I182,2022-12-31,75,1500,2000');
	});

	it('6. the formula indicator computes its value from the two quantities; dimension is in the quality report, as a column and a filter', async () => {
		expect(await text('/esporta/misurazioni.csv?anno=2023', 'direzione')).toContain('2023,I182,2023-06-30,76.5,1530,2000,,,Protocollo');
		expect(await text('/esporta/indicatori.csv?anno=2023', 'direzione')).toContain('qualita,pratiche evase online / pratiche ricevute × 100,pratiche evase online,pratiche ricevute,Protocollo informatico');
		const objective = words(await text('/obiettivi/2023/TR-01', 'direzione'));
		expect(objective).toContain('Formula pratiche evase online / pratiche ricevute × 100');
		expect(objective).toContain('Fonte del dato Protocollo informatico');
		const quality = words(await text('/report/qualita?anno=2023&data=2023-06-30', 'direzione'));
		expect(quality).toContain('Solo attività');
		expect(quality).toContain('Indicatori per dimensione');
		expect(words(await text('/report/qualita?anno=2023&data=2023-06-30&dimensione=qualita', 'direzione'))).toContain('dimensione «qualità»');
	});

	it('7. DUP links travel with the objective into the new year', async () => {
		expect(db.sqlite.prepare(`SELECT p.year, o.mission, o.programme, o.strategic_objective FROM objective o JOIN plan p ON p.id = o.plan_id WHERE o.code = 'TR-01' ORDER BY p.year`).all()).toEqual(
			[2022, 2023, 2024].map((year) => ({ year, mission: '01 Servizi istituzionali', programme: '0108 Statistica e sistemi informativi', strategic_objective: 'OS1 Amministrazione digitale' }))
		);
	});
});

describe('the DUP view', () => {
	it('groups the plan by missione → programma → obiettivo strategico with achievement, and lists the objectives without a link', async () => {
		const page = words(await text('/dup?anno=2023&data=2023-06-30', 'direzione'));
		expect(page).toMatch(/Missione 01 Servizi istituzionali 15,0 %/);
		expect(page).toMatch(/Programma 0108 Statistica e sistemi informativi 15,0 %/);
		expect(page).toMatch(/Obiettivo strategico OS1 Amministrazione digitale 15,0 %/);
		expect(page).toMatch(/Obiettivi senza collegamento al DUP 1 obiettivo .*TR-02 Attività di sportello/);
		const quality = words(await text('/report/qualita?anno=2023&data=2023-06-30', 'direzione'));
		expect(quality).toContain('Obiettivo senza collegamento al DUP');
	});
});

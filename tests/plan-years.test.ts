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
	'anno;codice_obiettivo;codice;descrizione;tipo;unita;polarita;baseline;target;peso;dimensione;formula;numeratore;denominatore;fonte_dato;dirigente',
	'2022;TR-01;I182;Pratiche evase online;percentuale;%;crescente;;80;;qualità;pratiche evase online / pratiche ricevute × 100;pratiche evase online;pratiche ricevute;Protocollo informatico;',
	// In 2023 the shared objective's indicator is entered by one of its other directors, not the lead.
	'2023;TR-01;I182;Pratiche evase online;percentuale;%;crescente;75;85;;qualità;pratiche evase online / pratiche ricevute × 100;pratiche evase online;pratiche ricevute;Protocollo informatico;Fabrizio Mechini',
	'2023;TR-02;I200;Sportelli aperti;numero;sportelli;crescente;;12;;;;;;;'
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
	for (const u of ['direzione', 'admin', 'fabrizio.mechini', 'luigi.deangelis']) cookies[u] = await server.signIn(u);
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

describe('ownership, charts and the indicator view across years', () => {
	const luigi = () => db.sqlite.prepare(`SELECT id FROM director WHERE name = 'Luigi De Angelis'`).pluck().get() as number;
	const indicatorId = (year: number, code: string) =>
		db.sqlite.prepare('SELECT i.id FROM indicator i JOIN plan p ON p.id = i.plan_id WHERE p.year = ? AND i.code = ?').pluck().get(year, code) as number;

	it('8. the shared objective’s indicator that names another director is his to enter, in 2023 and in the rolled-forward 2024; the lead is refused', async () => {
		expect(await text('/esporta/indicatori.csv?anno=2023', 'direzione')).toMatch(/2023,TR-01,I182,.*,Protocollo informatico,Fabrizio Mechini\r?\n/);
		expect(words(await text('/obiettivi/2023/TR-01', 'direzione'))).toContain('Inserisce i valori Fabrizio Mechini');
		// 2024 is the latest plan: the monitoring page opens its first date.
		expect((await server.action('/monitoraggio', { azione: 'apri', data: '2024-06-30' }, cookies['direzione'])).body.type).toBe('success');
		const his = words(await text('/da-aggiornare?data=2024-06-30', 'fabrizio.mechini'));
		expect(his).toContain('I182');
		expect(his).not.toContain('I200');
		const lead = words(await text('/da-aggiornare?data=2024-06-30', 'luigi.deangelis'));
		expect(lead).toContain('I200');
		expect(lead).not.toContain('I182');
		const id = indicatorId(2024, 'I182');
		const refused = await server.action('/da-aggiornare?data=2024-06-30&/salva', { [`valore_${id}`]: '80', [`versione_${id}`]: '0' }, cookies['luigi.deangelis']);
		expect(refused.status).toBe(403);
		const saved = await server.action('/da-aggiornare?data=2024-06-30&/salva', { [`valore_${id}`]: '80', [`versione_${id}`]: '0' }, cookies['fabrizio.mechini']);
		expect(saved.body.type, JSON.stringify(saved.body)).toBe('success');
		expect(db.sqlite.prepare(`SELECT entered_by FROM measurement WHERE indicator_id = ?`).pluck().all(id)).toEqual(['fabrizio.mechini']);
	});

	it('9. the objective page charts its achievement across years with the table, and links each indicator to its own view', async () => {
		const html = await text('/obiettivi/2023/TR-01?data=2023-06-30', 'direzione');
		expect(html).toContain('aria-label="Raggiungimento dell’obiettivo TR-01 negli anni: 93,8 % (2022); 15 % (2023 (al 30/06/2023)); non misurato (2024); soglia «in linea» 90 %."');
		expect(words(html)).toMatch(/Obiettivo TR-01: raggiungimento per anno Anno Situazione al Raggiungimento Stato 2022 31\/12\/2022 93,8 %/);
		expect(html).toContain('href="/indicatori/2023/I182?anno=2023&amp;data=2023-06-30"');
	});

	it('10. the indicator view shows its definition, its values at each date, and earlier years with target, values and achievement', async () => {
		const page = words(await text('/indicatori/2023/I182?data=2023-06-30', 'direzione'));
		expect(page).toContain('I182 Pratiche evase online');
		expect(page).toContain('Formula pratiche evase online / pratiche ricevute × 100');
		expect(page).toContain('Inserisce i valori Fabrizio Mechini');
		expect(page).toMatch(/Valori di I182 nel 2023 .* 30\/06\/2023 76,5 % 85 % 15,0 %/);
		expect(page).toMatch(/I182: target, valori e raggiungimento per anno .* 2022 TR-01 80 % 75 % al 31\/12\/2022 93,8 % al 31\/12\/2022 2023 TR-01 85 % 76,5 % al 30\/06\/2023 15,0 % al 30\/06\/2023 2024 TR-01 85 % — —/);
		expect((await get('/indicatori/2023/NON-ESISTE', 'direzione')).status).toBe(404);
		// Signed-in users only, like the objective page.
		expect((await fetch(server.url + '/indicatori/2023/I182', { redirect: 'manual' })).status).toBe(303);
	});

	it('11. director, public-value and plan pages show their achievement at each monitoring date and across years, as a chart with its table', async () => {
		for (const [path, subject] of [
			[`/dirigenti/${luigi()}?anno=2023&data=2023-06-30`, 'Luigi De Angelis'],
			['/?anno=2023&data=2023-06-30', 'il piano 2023']
		] as const) {
			const html = await text(path, 'direzione');
			const page = words(html);
			expect(page, path).toContain('Andamento nel tempo');
			expect(html, path).toContain(`aria-label="Raggiungimento di ${subject} alle date di monitoraggio del 2023:`);
			expect(page, path).toMatch(new RegExp(`${subject}: raggiungimento a ogni data di monitoraggio \\(i dati del grafico\\) .* 30/06/2023 `));
			expect(page, path).toMatch(new RegExp(`${subject}: raggiungimento per anno, ogni anno con le sue regole \\(i dati del grafico\\) .* 2022 31/12/2022 .* 2023 30/06/2023 .* 2024 31/12/2024`));
			// Drawn on the server: these pages still ship no JavaScript.
			expect(html, path).not.toMatch(/<script[^>]*src=/);
		}
		const pv = db.sqlite.prepare(`SELECT pv.id FROM public_value pv JOIN plan p ON p.id = pv.plan_id WHERE p.year = 2023 AND pv.name = 'Transizione digitale'`).pluck().get();
		const page = words(await text(`/valori-pubblici/${pv}?anno=2023&data=2023-06-30`, 'direzione'));
		expect(page).toMatch(/«Transizione digitale»: raggiungimento per anno, ogni anno con le sue regole .* 2022 31\/12\/2022 93,8 %/);
	});
});

/**
 * The change log as a reader sees it on an objective's page, over real HTTP against the built server:
 * role and name instead of usernames, Italian field labels, Italian numbers and dates, every kind of
 * change; closing, validating and reopening the date appear on the objective's own log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { formatNumber } from '../src/lib/format';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};
const DATE = '2022-09-30';

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	for (const u of ['luigi.deangelis', 'direzione', 'nucleo', 'admin']) cookies[u] = await server.signIn(u);
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

/** The log section's words, as a reader sees them. */
async function logOf(objectiveCode: string, who?: string): Promise<string> {
	const html = await (await fetch(`${server.url}/obiettivi/2022/${objectiveCode}`, { headers: who ? { cookie: cookies[who] } : {} })).text();
	const section = html.slice(html.indexOf('id="storia"'), html.indexOf('id="fasi"'));
	return section.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\s+/g, ' ');
}

describe('the change log reads as Italian prose', () => {
	let ind: { id: number; code: string; objective: string; target: number };

	beforeAll(async () => {
		ind = db.sqlite
			.prepare(
				`SELECT i.id, i.code, i.target, o.code AS objective FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id
				 WHERE d.name = 'Luigi De Angelis' AND i.type = 'numero' ORDER BY o.position, i.position LIMIT 1`
			)
			.get() as typeof ind;
		expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['direzione'])).body.type).toBe('success');
	});

	it('draft, submit, return, accept and a target change: who by role and name, what in Italian, values formatted', async () => {
		const dir = cookies['luigi.deangelis'];
		expect((await server.action('/da-aggiornare?/salva', { [`valore_${ind.id}`]: '1.000', [`versione_${ind.id}`]: '0' }, dir)).body.type).toBe('success');
		const send = await server.action('/da-aggiornare?/invia', { [`valore_${ind.id}`]: '1.234,56', [`motivazione_${ind.id}`]: 'Archivi <b>chiusi</b>', [`versione_${ind.id}`]: '1' }, dir);
		expect(send.body.type).toBe('success');
		const m = () => db.sqlite.prepare('SELECT id, version FROM measurement WHERE indicator_id = ? AND date = ?').get(ind.id, DATE) as { id: number; version: number };
		expect((await server.action('/revisione?/restituisci', { id: String(m().id), versione: String(m().version), commento: 'Quali archivi?' }, cookies['direzione'])).body.type).toBe('success');
		expect((await server.action('/da-aggiornare?/invia', { [`valore_${ind.id}`]: '1.234,56', [`motivazione_${ind.id}`]: 'Archivi di Barga', [`versione_${ind.id}`]: String(m().version) }, dir)).body.type).toBe('success');
		expect((await server.action('/revisione?/accetta', { id: String(m().id), versione: String(m().version) }, cookies['direzione'])).body.type).toBe('success');
		const t = await server.action(`/obiettivi/2022/${ind.objective}?/target`, { indicatore: String(ind.id), target: '1.500,5', motivazione: 'Nuovo bando' }, cookies['direzione']);
		expect(t.body.type).toBe('success');

		const log = await logOf(ind.objective, 'luigi.deangelis');
		expect(log).toContain(`Dirigente Luigi De Angelis ha salvato in bozza il valore di ${ind.code} al 30/09/2022`);
		expect(log).toContain('Valore: 1.000 schede');
		expect(log).toContain(`Dirigente Luigi De Angelis ha inviato alla Direzione il valore di ${ind.code} al 30/09/2022`);
		expect(log).toContain('Valore: da 1.000 schede a 1.234,56 schede');
		expect(log).toContain('Stato: da bozza a inviato');
		expect(log).toContain(`Direzione generale ha restituito il valore di ${ind.code} al 30/09/2022 al dirigente, con un commento`);
		expect(log).toContain('Commento: «Quali archivi?»');
		expect(log).toContain(`Direzione generale ha accettato il valore di ${ind.code} al 30/09/2022`);
		expect(log).toContain(`Direzione generale ha modificato il target di ${ind.code}`);
		expect(log).toContain(`Target: da ${formatNumber(ind.target)} schede a 1.500,5 schede`);
		expect(log).toContain('Motivazione: «Nuovo bando»');
		// Text from a person is text: the tag typed in the justification is shown, not obeyed.
		expect(log).toContain('Motivazione: da nessuno a «Archivi &lt;b>chiusi&lt;/b>»');
		// No usernames, no field names, no ISO dates, no JSON.
		for (const raw of ['luigi.deangelis', 'value:', 'justification', 'state:', '2022-09-30', '{"']) expect(log).not.toContain(raw);
	});

	it('closing, validating and reopening the date appear on the objective’s own log, with its count', async () => {
		expect((await server.action('/monitoraggio', { azione: 'chiudi', data: DATE, conferma: 'si' }, cookies['direzione'])).body.type).toBe('success');
		expect((await server.action('/monitoraggio', { azione: 'valida', data: DATE, conferma: 'si' }, cookies['nucleo'])).body.type).toBe('success');
		expect((await server.action('/monitoraggio', { azione: 'riapri', data: DATE, motivazione: 'Errore di trascrizione' }, cookies['admin'])).body.type).toBe('success');

		const log = await logOf(ind.objective, 'nucleo');
		expect(log).toContain('Direzione generale ha chiuso la data di monitoraggio del 30/09/2022');
		expect(log).toContain('Nucleo di valutazione ha validato la data di monitoraggio del 30/09/2022');
		expect(log).toContain('1 valore di questo obiettivo (bloccati dalla validazione)');
		expect(log).toContain('Amministratore ha riaperto la data di monitoraggio validata del 30/09/2022');
		expect(log).toContain('Motivazione: «Errore di trascrizione»');
		// Another objective of the plan, with no value at that date, says so.
		const other = db.sqlite.prepare("SELECT o.code FROM objective o WHERE o.code <> ? AND NOT EXISTS (SELECT 1 FROM indicator i JOIN measurement m ON m.indicator_id = i.id WHERE i.objective_id = o.id) LIMIT 1").pluck().get(ind.objective) as string;
		const otherLog = await logOf(other, 'direzione');
		expect(otherLog).toContain('Nucleo di valutazione ha validato la data di monitoraggio del 30/09/2022');
		expect(otherLog).toContain('Nessun valore di questo obiettivo a quella data');
		// One line per objective and action, written with the date's own line in one statement.
		const perObjective = db.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'monitoraggio: valida' AND objective_id IS NOT NULL").pluck().get();
		expect(perObjective).toBe(db.sqlite.prepare('SELECT count(*) FROM objective').pluck().get());
	});
});

/**
 * The monitoring campaign over real HTTP against the built server: a due date when a date opens,
 * completion per director and what is overdue, the second confirmation before closing and validating,
 * withdrawing a submitted value, the administrator created at first start. Every new action is refused
 * (403) to the roles and owners it does not belong to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};
const DATE = '2022-09-30';

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	for (const u of ['luigi.deangelis', 'fabrizio.mechini', 'direzione', 'nucleo', 'admin']) cookies[u] = await server.signIn(u);
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

const page = async (path: string, who: string) => (await fetch(server.url + path, { headers: { cookie: cookies[who] } })).text();
/** The words a reader sees: tags and Svelte's markers out, spaces collapsed. */
const words = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const period = (date: string) => db.sqlite.prepare('SELECT state, due_date FROM monitoring_period WHERE date = ?').get(date) as { state: string; due_date: string | null } | undefined;
function ownIndicator(director: string, type: string): { id: number; code: string } {
	return db.sqlite
		.prepare('SELECT i.id, i.code FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = ? AND i.type = ? ORDER BY o.position, i.position LIMIT 1')
		.get(director, type) as { id: number; code: string };
}
const measurement = (indicatorId: number, date = DATE) =>
	db.sqlite.prepare('SELECT id, state, version, value FROM measurement WHERE indicator_id = ? AND date = ?').get(indicatorId, date) as { id: number; state: string; version: number; value: number } | undefined;

describe('due date and completion', () => {
	it('opening refuses a due date that is not on the calendar, and opens nothing', async () => {
		const r = await server.action('/monitoraggio', { azione: 'apri', data: DATE, scadenza: '2022-02-30' }, cookies['direzione']);
		expect(r.status).toBe(400);
		expect(JSON.stringify(r.body)).toContain('non è una data del calendario');
		expect(period(DATE)).toBeUndefined();
	});

	it('the direction opens a date with a due date; every role sees it, with completion per director', async () => {
		const r = await server.action('/monitoraggio', { azione: 'apri', data: DATE, scadenza: '2099-10-31' }, cookies['direzione']);
		expect(r.body.type).toBe('success');
		expect(period(DATE)).toEqual({ state: 'aperto', due_date: '2099-10-31' });
		const html = await page('/monitoraggio', 'direzione');
		expect(html).toContain('Campagna al 30/09/2022');
		expect(html).toContain('31/10/2099');
		expect(words(html)).toContain('0 dirigenti su 7 hanno inviato tutto');
		expect(html).not.toContain('In ritardo');
		expect(await page('/da-aggiornare', 'luigi.deangelis')).toContain('Da inviare entro il 31/10/2099');
	});

	it('a past due date makes the campaign overdue, for the direction and for the director', async () => {
		const r = await server.action('/monitoraggio', { azione: 'scadenza', data: DATE, scadenza: '2022-10-15' }, cookies['direzione']);
		expect(r.body.type).toBe('success');
		expect(period(DATE)?.due_date).toBe('2022-10-15');
		const html = await page('/monitoraggio', 'direzione');
		expect(html).toContain('In ritardo');
		expect(html).toMatch(/scaduta da [\d.]+ giorni/);
		expect(await page('/da-aggiornare', 'luigi.deangelis')).toContain('Scadenza passata:');
		const log = db.sqlite.prepare("SELECT actor, before, after FROM audit_log WHERE action = 'scadenza modificata'").all();
		expect(log).toEqual([{ actor: 'direzione', before: '{"scadenza":"2099-10-31"}', after: '{"scadenza":"2022-10-15"}' }]);
	});

	it('only the direction sets the due date: the board and directors get 403 and nothing changes', async () => {
		for (const who of ['nucleo', 'luigi.deangelis']) {
			expect((await server.action('/monitoraggio', { azione: 'scadenza', data: DATE, scadenza: '2030-01-01' }, cookies[who])).status).toBe(403);
		}
		expect((await server.action('/monitoraggio', { azione: 'scadenza', data: DATE, scadenza: '2030-01-01' })).status).toBe(403);
		expect(period(DATE)?.due_date).toBe('2022-10-15');
	});

	it('a director who sent everything counts as complete', async () => {
		const own = db.sqlite
			.prepare("SELECT i.id, i.type FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = 'Fabrizio Mechini'")
			.all() as Array<{ id: number; type: string | null }>;
		// Values that meet any target: «sì» for on/off indicators, a large number for the rest, the plan year's end for dates.
		const fields: Record<string, string> = {};
		for (const i of own) {
			fields[`valore_${i.id}`] = i.type === 'si_no' ? 'si' : i.type === 'data' ? '2022-01-01' : '1000000';
			fields[`motivazione_${i.id}`] = 'Rilevato dall’ufficio';
			fields[`versione_${i.id}`] = '0';
		}
		const r = await server.action('/da-aggiornare?/invia', fields, cookies['fabrizio.mechini']);
		expect(r.body.type).toBe('success');
		// His values are all in, but the phases of his objectives due at the date are not: not complete yet.
		// Due (the rule the page states): planned to start by the date and to end in the plan year or later,
		// not already reported completed and accepted at an earlier date.
		const due = db.sqlite
			.prepare(
				`SELECT f.id FROM phase f JOIN objective o ON o.id = f.objective_id JOIN director d ON d.id = o.director_id
				 WHERE d.name = 'Fabrizio Mechini' AND coalesce(f.start_date, f.end_date) <= ? AND coalesce(f.end_date, f.start_date) >= '2022-01-01'
				   AND f.id NOT IN (SELECT phase_id FROM phase_progress WHERE date < ? AND status = 'completata' AND state = 'accettato')`
			)
			.pluck()
			.all(DATE, DATE) as number[];
		const undated = db.sqlite.prepare("SELECT count(*) FROM phase f JOIN objective o ON o.id = f.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = 'Fabrizio Mechini'").pluck().get() as number;
		expect(due.length).toBeGreaterThan(0);
		expect(due.length).toBeLessThan(undated); // some are done, or not yet started, at 30/09
		let board = words(await page('/monitoraggio', 'direzione'));
		expect(board).toContain('0 dirigenti su 7 hanno inviato tutto');
		expect(board).toMatch(new RegExp(`Fabrizio Mechini (\\d+ ){6}${due.length} ${due.length} 0 (Mancano|In ritardo:) ${due.length} avanzamenti di fase`));
		expect(board).toContain('Fasi dovute: Un avanzamento di fase è dovuto, a una data,');
		// The director's home says it too.
		expect(words(await page('/il-mio-lavoro', 'fabrizio.mechini'))).toContain(`Fasi: ${due.length} avanzamenti dovuti a questa data (${due.length} da inserire)`);

		const phaseFields: Record<string, string> = {};
		for (const id of due) Object.assign(phaseFields, { [`fversione_${id}`]: '0', [`fstato_${id}`]: 'in_corso', [`fpercentuale_${id}`]: '50', [`finizio_${id}`]: '2022-01-10' });
		expect((await server.action('/da-aggiornare?/fasi_invia', phaseFields, cookies['fabrizio.mechini'])).body.type).toBe('success');
		board = words(await page('/monitoraggio', 'direzione'));
		expect(board).toContain('1 dirigente su 7 ha inviato tutto');
		expect(board).toMatch(new RegExp(`Fabrizio Mechini (\\d+ ){6}${due.length} 0 ${due.length} Inviato tutto`));
	});
});

describe('withdrawing a submitted value', () => {
	it('the director takes it back to draft before review; the value stays', async () => {
		const ind = ownIndicator('Luigi De Angelis', 'si_no');
		await server.action('/da-aggiornare?/invia', { [`valore_${ind.id}`]: 'si', [`versione_${ind.id}`]: '0' }, cookies['luigi.deangelis']);
		const sent = measurement(ind.id)!;
		expect(sent.state).toBe('inviato');
		expect(await page('/da-aggiornare', 'luigi.deangelis')).toContain(`Ritira il valore di ${ind.code}`);
		const r = await server.action('/da-aggiornare?/ritira', { id: String(sent.id), versione: String(sent.version) }, cookies['luigi.deangelis']);
		expect(r.body.type).toBe('success');
		expect(measurement(ind.id)).toMatchObject({ state: 'bozza', value: 1, version: sent.version + 1 });
		// The same form posted twice (a double click): the second is refused, nothing moves.
		const again = await server.action('/da-aggiornare?/ritira', { id: String(sent.id), versione: String(sent.version) }, cookies['luigi.deangelis']);
		expect(again.status).toBe(400);
		expect(measurement(ind.id)?.version).toBe(sent.version + 1);
		expect(db.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'valore ritirato'").pluck().get()).toBe(1);
	});

	it('another director, the direction and the board get 403; an accepted value cannot be withdrawn', async () => {
		const ind = ownIndicator('Fabrizio Mechini', 'si_no');
		const m = measurement(ind.id)!;
		expect(m.state).toBe('inviato');
		for (const who of ['luigi.deangelis', 'direzione', 'nucleo']) {
			expect((await server.action('/da-aggiornare?/ritira', { id: String(m.id), versione: String(m.version) }, cookies[who])).status).toBe(403);
		}
		expect((await server.action('/da-aggiornare?/ritira', { id: '999999', versione: '1' }, cookies['fabrizio.mechini'])).status).toBe(403);
		expect(measurement(ind.id)).toEqual(m);
		expect((await server.action('/revisione?/accetta', { id: String(m.id), versione: String(m.version) }, cookies['direzione'])).body.type).toBe('success');
		const accepted = measurement(ind.id)!;
		const r = await server.action('/da-aggiornare?/ritira', { id: String(m.id), versione: String(accepted.version) }, cookies['fabrizio.mechini']);
		expect(r.status).toBe(400);
		expect(JSON.stringify(r.body)).toContain('si ritira solo un valore inviato');
		expect(measurement(ind.id)?.state).toBe('accettato');
	});
});

describe('each role lands on its own work', () => {
	async function landing(username: string, ritorno?: string): Promise<string | null> {
		const body = new URLSearchParams({ utente: username, password: server.password(username), ...(ritorno ? { ritorno } : {}) });
		const res = await fetch(`${server.url}/accesso`, { method: 'POST', body, headers: { origin: server.url, accept: 'text/html' }, redirect: 'manual' });
		expect(res.status).toBe(303);
		return res.headers.get('location');
	}

	it('after signing in: a director on his page, the direction and the board on the campaign; a link taken is kept', async () => {
		expect(await landing('luigi.deangelis')).toBe('/il-mio-lavoro');
		expect(await landing('luigi.deangelis', '/')).toBe('/il-mio-lavoro');
		expect(await landing('direzione')).toBe('/monitoraggio');
		expect(await landing('nucleo')).toBe('/monitoraggio');
		expect(await landing('nucleo', '/dirigenti/1')).toBe('/dirigenti/1');
	});

	it('the director’s page says what is due, what came back with the comment, and how his objectives stand', async () => {
		const ind = db.sqlite
			.prepare("SELECT i.id FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = 'Fabrizio Mechini' AND i.type = 'si_no' ORDER BY o.position, i.position LIMIT 1 OFFSET 1")
			.pluck()
			.get() as number;
		const m = measurement(ind)!;
		expect((await server.action('/revisione?/restituisci', { id: String(m.id), versione: String(m.version), commento: 'Allegare il verbale' }, cookies['direzione'])).body.type).toBe('success');
		const html = words(await page('/il-mio-lavoro', 'fabrizio.mechini'));
		expect(html).toContain('Valori al 30/09/2022');
		expect(html).toContain('Restituiti dalla Direzione generale');
		expect(html).toContain('Allegare il verbale');
		expect(html).toContain('I miei obiettivi al');
		expect(html).not.toContain('Luigi De Angelis');
		for (const who of ['direzione', 'nucleo']) expect((await fetch(`${server.url}/il-mio-lavoro`, { headers: { cookie: cookies[who] } })).status).toBe(403);
	});

	it('the board sees first what awaits validation, and whether it can be validated', async () => {
		const html = words(await page('/monitoraggio', 'nucleo'));
		expect(html).toContain('Chiusa, da validare: 30/06/2022');
		expect(html.indexOf('Chiusa, da validare')).toBeLessThan(html.indexOf('Campagna al'));
		expect(html).toContain('Validabile');
		expect(words(await page('/monitoraggio', 'direzione'))).toMatch(/da rivedere|Nessun valore inviato in attesa di revisione/);
	});
});

describe('bulk review', () => {
	it('accepts all of a director’s values at once; below target and changed targets stand out; others get 403', async () => {
		const luigi = db.sqlite
			.prepare("SELECT i.id, i.code, i.type, i.target, o.code AS objective FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = 'Luigi De Angelis' AND (i.type = 'si_no' OR i.target = 26) ORDER BY o.position, i.position LIMIT 3")
			.all() as Array<{ id: number; code: string; type: string; target: number | null; objective: string }>;
		const census = luigi.find((i) => i.target === 26)!;
		expect(census).toBeDefined();
		// The direction changes one target during the year, with a reason.
		const t = await server.action(`/obiettivi/2022/${census.objective}?/target`, { indicatore: String(census.id), target: '25', motivazione: 'Due istituti accorpati' }, cookies['direzione']);
		expect(t.body.type).toBe('success');
		const fields: Record<string, string> = {};
		for (const i of luigi) {
			fields[`valore_${i.id}`] = i.id === census.id ? '20' : 'si';
			fields[`motivazione_${i.id}`] = i.id === census.id ? 'Archivi chiusi per lavori' : '';
			fields[`versione_${i.id}`] = String(measurement(i.id)?.version ?? 0);
		}
		expect((await server.action('/da-aggiornare?/invia', fields, cookies['luigi.deangelis'])).body.type).toBe('success');

		const html = words(await page('/revisione', 'direzione'));
		expect(html).toContain(`Accetta tutti i ${luigi.length} valori di Luigi De Angelis`);
		expect(html).toContain('Sotto il target');
		expect(html).toMatch(/Target modificato il \d\d\/\d\d\/\d{4}: Due istituti accorpati/);

		const directorId = db.sqlite.prepare("SELECT id FROM director WHERE name = 'Luigi De Angelis'").pluck().get() as number;
		const voce = luigi.map((i) => `${measurement(i.id)!.id}:${measurement(i.id)!.version}`);
		const post = (who: string | undefined, items = voce, dirigente = String(directorId)) => {
			const body = new FormData();
			body.append('dirigente', dirigente);
			for (const v of items) body.append('voce', v);
			return fetch(`${server.url}/revisione?/accetta_tutti`, { method: 'POST', body, headers: { origin: server.url, 'x-sveltekit-action': 'true', accept: 'application/json', ...(who ? { cookie: cookies[who] } : {}) } });
		};
		for (const who of ['nucleo', 'luigi.deangelis', 'fabrizio.mechini', undefined]) {
			const r = await post(who);
			expect(r.status === 403 || (await r.json()).status === 403).toBe(true);
		}
		// A forged list mixing another director's value: nothing is accepted.
		const other = db.sqlite.prepare("SELECT m.id, m.version FROM measurement m WHERE m.date = ? AND m.state = 'inviato' AND m.indicator_id IN (SELECT i.id FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = 'Fabrizio Mechini') LIMIT 1").get(DATE) as { id: number; version: number };
		let r = await (await post('direzione', [...voce, `${other.id}:${other.version}`])).json();
		expect(r.type).toBe('failure');
		expect(luigi.map((i) => measurement(i.id)!.state)).toEqual(luigi.map(() => 'inviato'));

		r = await (await post('direzione')).json();
		expect(r.type).toBe('success');
		expect(luigi.map((i) => measurement(i.id)!.state)).toEqual(luigi.map(() => 'accettato'));
		// The same click again: the versions moved on, nothing happens twice.
		const audits = db.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'valore accettato'").pluck().get();
		r = await (await post('direzione')).json();
		expect(r.type).toBe('failure');
		expect(db.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'valore accettato'").pluck().get()).toBe(audits);
	});
});

describe('closing and validating ask for a second, explicit confirmation', () => {
	it('closing with missing, unreviewed and returned values shows who owes what and does not close', async () => {
		const ind = db.sqlite
			.prepare("SELECT i.id FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = 'Fabrizio Mechini' AND i.type = 'si_no' ORDER BY o.position, i.position LIMIT 1 OFFSET 1")
			.pluck()
			.get() as number;
		const m = measurement(ind)!;
		await server.action('/revisione?/restituisci', { id: String(m.id), versione: String(m.version), commento: 'Allegare il verbale' }, cookies['direzione']);
		expect(measurement(ind)?.state).toBe('restituito');

		const r = await server.action('/monitoraggio', { azione: 'chiudi', data: DATE }, cookies['direzione']);
		expect(r.status).toBe(409);
		const text = JSON.stringify(r.body);
		expect(text).toContain('1 valore restituito al dirigente e non ancora corretto');
		expect(text).toContain('valori inviati e non ancora rivisti dalla Direzione');
		expect(text).toContain('Luigi De Angelis');
		expect(period(DATE)?.state).toBe('aperto');
		// The board and directors cannot close, confirmed or not.
		for (const who of ['nucleo', 'luigi.deangelis']) {
			expect((await server.action('/monitoraggio', { azione: 'chiudi', data: DATE, conferma: 'si' }, cookies[who])).status).toBe(403);
		}
		expect(period(DATE)?.state).toBe('aperto');

		const closed = await server.action('/monitoraggio', { azione: 'chiudi', data: DATE, conferma: 'si' }, cookies['direzione']);
		expect(closed.body.type).toBe('success');
		expect(JSON.stringify(closed.body)).toContain('valori restituiti restano com’erano');
		expect(period(DATE)?.state).toBe('chiuso');
		// Nothing was dropped: the returned value is still there, still returned.
		expect(measurement(ind)?.state).toBe('restituito');
	});

	it('validation is refused while values are not accepted, and asks for confirmation once they are', async () => {
		let r = await server.action('/monitoraggio', { azione: 'valida', data: DATE, conferma: 'si' }, cookies['nucleo']);
		expect(r.status).toBe(400);
		expect(JSON.stringify(r.body)).toContain('non sono ancora accettati');
		// The direction reopens the date and accepts what is pending, after the director corrects the returned value.
		expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['direzione'])).body.type).toBe('success');
		expect(period(DATE)?.due_date).toBe('2022-10-15'); // reopening without a due date keeps the one set
		const pending = db.sqlite.prepare("SELECT m.id, m.version, m.state, m.indicator_id FROM measurement m WHERE m.date = ? AND m.state <> 'accettato'").all(DATE) as Array<{ id: number; version: number; state: string; indicator_id: number }>;
		for (const p of pending) {
			const who = db.sqlite.prepare("SELECT u.username FROM user u JOIN objective o ON o.director_id = u.director_id JOIN indicator i ON i.objective_id = o.id WHERE i.id = ?").pluck().get(p.indicator_id) as string;
			if (p.state !== 'inviato') {
				const s = await server.action('/da-aggiornare?/invia', { [`valore_${p.indicator_id}`]: 'si', [`motivazione_${p.indicator_id}`]: 'Verbale allegato', [`versione_${p.indicator_id}`]: String(p.version) }, cookies[who]);
				expect(s.body.type).toBe('success');
			}
			const now = measurement(p.indicator_id)!;
			expect((await server.action('/revisione?/accetta', { id: String(now.id), versione: String(now.version) }, cookies['direzione'])).body.type).toBe('success');
		}
		// The phase reports sent above wait for review too: validation waits for them as for values.
		const phases = db.sqlite.prepare("SELECT id, version FROM phase_progress WHERE date = ? AND state = 'inviato'").all(DATE) as Array<{ id: number; version: number }>;
		expect(phases.length).toBeGreaterThan(0);
		for (const f of phases) expect((await server.action('/revisione?/fase_accetta', { id: String(f.id), versione: String(f.version) }, cookies['direzione'])).body.type).toBe('success');
		expect((await server.action('/monitoraggio', { azione: 'chiudi', data: DATE, conferma: 'si' }, cookies['direzione'])).body.type).toBe('success');

		r = await server.action('/monitoraggio', { azione: 'valida', data: DATE }, cookies['nucleo']);
		expect(r.status).toBe(409);
		expect(JSON.stringify(r.body)).toContain('senza un valore inviato'); // the indicators left without a value
		expect(period(DATE)?.state).toBe('chiuso');
		expect((await server.action('/monitoraggio', { azione: 'valida', data: DATE, conferma: 'si' }, cookies['direzione'])).status).toBe(403);
		r = await server.action('/monitoraggio', { azione: 'valida', data: DATE, conferma: 'si' }, cookies['nucleo']);
		expect(r.body.type).toBe('success');
		expect(period(DATE)?.state).toBe('validato');
	});

	it('the public page says what each figure rests on, and withholds a plan-wide figure resting on one director', async () => {
		const html = words(await (await fetch(`${server.url}/trasparenza/2022`)).text());
		const scored = html.match(/Validati (\d+) obiettivi di 77: il dato complessivo si pubblica quando ne sono validati almeno 39\./);
		expect(scored).not.toBeNull();
		expect(Number(scored![1])).toBeGreaterThan(0);
		expect(Number(scored![1])).toBeLessThan(39);
		expect(html).toContain('Raggiungimento al 30/09/2022, validato Non ancora disponibile');
		// Mechini's own figure rests on his validated objectives; a director with none shows none.
		expect(html).toMatch(/Fabrizio Mechini \d+ Raggiungimento: [\d,]+ % su \d+ obiettivi validati di \d+/);
				expect(html).toMatch(/Paolo Benedetti \d+ Non ancora disponibile su 0 obiettivi validati di \d+/);
	});

	it('the administrator created at first start reopens a validated date with a reason; the direction may not', async () => {
		expect(server.output()).toMatch(/^\s+admin\s+Amministratore\s+password: \S+$/m);
		expect((await server.action('/monitoraggio', { azione: 'riapri', data: DATE, motivazione: 'errore' }, cookies['direzione'])).status).toBe(403);
		let r = await server.action('/monitoraggio', { azione: 'riapri', data: DATE }, cookies['admin']);
		expect(r.status).toBe(400);
		r = await server.action('/monitoraggio', { azione: 'riapri', data: DATE, motivazione: 'Valore di Mechini da rettificare' }, cookies['admin']);
		expect(r.body.type).toBe('success');
		expect(period(DATE)?.state).toBe('chiuso');
		expect(await page('/monitoraggio', 'admin')).toContain('Date di monitoraggio 2022');
	});
});

describe('example values, without a command line', () => {
	it('the banner tells others who may remove them; the administrator removes them with a button, audited; others get 403', async () => {
		const examples = () => db.sqlite.prepare("SELECT (SELECT count(*) FROM measurement WHERE source = 'esempio') + (SELECT count(*) FROM phase_progress WHERE source = 'esempio')").pluck().get() as number;
		const before = examples();
		expect(before).toBeGreaterThan(0);
		const banner = words(await page('/monitoraggio', 'direzione'));
		expect(banner).toContain('L’amministratore può toglierli tutti.');
		expect(banner).not.toContain('npm run');
		expect(await page('/monitoraggio', 'admin')).toContain('href="/esempi"');
		for (const who of ['direzione', 'nucleo', 'luigi.deangelis']) {
			expect((await fetch(`${server.url}/esempi`, { headers: { cookie: cookies[who] } })).status).toBe(403);
			expect((await server.action('/esempi?/rimuovi', {}, cookies[who])).status).toBe(403);
		}
		expect(examples()).toBe(before);
		expect(words(await page('/esempi', 'admin'))).toContain(`Togli tutti i ${before.toLocaleString('it-IT').replace(/\s/g, '.')} valori di esempio`);
		const r = await server.action('/esempi?/rimuovi', {}, cookies['admin']);
		expect(r.body.type).toBe('success');
		expect(examples()).toBe(0);
		expect(db.sqlite.prepare("SELECT actor, after FROM audit_log WHERE action = 'valori di esempio tolti'").all()).toEqual([{ actor: 'admin', after: JSON.stringify({ valori: before }) }]);
		expect(await page('/monitoraggio', 'direzione')).not.toContain('Valori di esempio.');
	});
});

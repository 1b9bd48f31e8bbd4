/**
 * Accounts, rights and the monitoring cycle over real HTTP against the built server: who may write what,
 * what the database holds afterwards, and that nothing is lost when many save at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { runCli, startServer, tempDir, type RunningServer } from './support/server';

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	for (const u of ['luigi.deangelis', 'fabrizio.mechini', 'direzione', 'nucleo']) cookies[u] = await server.signIn(u);
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

const DATE = '2022-09-30';

/** A director's own indicators of a given type, by code. */
function indicatorsOf(director: string, type: string | null): Array<{ id: number; code: string; target: number | null }> {
	return db.sqlite
		.prepare(
			`SELECT i.id, i.code, i.target FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id
			 WHERE d.name = ? AND (i.type IS ? OR i.type = ?) ORDER BY o.position, i.position`
		)
		.all(director, type, type) as Array<{ id: number; code: string; target: number | null }>;
}
const measurementsAt = (date: string) => db.sqlite.prepare('SELECT indicator_id, value, state, version, justification FROM measurement WHERE date = ? ORDER BY indicator_id').all(date);
const auditCount = () => db.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

describe('signing in', () => {
	it('sets a session cookie that is HttpOnly, SameSite=Lax and expires', async () => {
		const res = await fetch(`${server.url}/accesso`, {
			method: 'POST',
			body: new URLSearchParams({ utente: 'nucleo', password: server.password('nucleo') }),
			headers: { origin: server.url, accept: 'text/html' },
			redirect: 'manual'
		});
		expect(res.status).toBe(303);
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sessione='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).toMatch(/Expires=/i);
		expect(cookie).not.toMatch(/Secure/i); // plain http here; set under https
	});

	it('keeps passwords only as scrypt hashes', () => {
		const hashes = db.sqlite.prepare('SELECT password_hash FROM user').pluck().all() as string[];
		expect(hashes).toHaveLength(10); // 7 directors, direzione, nucleo, admin
		for (const h of hashes) expect(h).toMatch(/^scrypt\$32768\$8\$1\$/);
		expect(hashes.join()).not.toContain(server.password('direzione'));
	});

	it('refuses a wrong password without saying which part was wrong', async () => {
		const res = await server.action('/accesso', { utente: 'nucleo', password: 'sbagliata-davvero' });
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body)).toContain('Nome utente o password non corretti');
	});

	it('sends signed-out visitors to the sign-in page, keeping where they were going', async () => {
		const res = await fetch(`${server.url}/dirigenti/1?data=2022-06-30`, { redirect: 'manual' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/accesso?ritorno=%2Fdirigenti%2F1%3Fdata%3D2022-06-30');
	});

	it('signing out ends the session on the server', async () => {
		const cookie = await server.signIn('nucleo');
		expect((await fetch(`${server.url}/`, { headers: { cookie }, redirect: 'manual' })).status).toBe(200);
		const out = await fetch(`${server.url}/uscita`, { method: 'POST', headers: { cookie, origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
		expect(out.status).toBe(303);
		expect(out.headers.getSetCookie().join()).toMatch(/sessione=;/);
		// The old cookie, replayed, no longer opens anything.
		expect((await fetch(`${server.url}/`, { headers: { cookie }, redirect: 'manual' })).status).toBe(303);
	});

	it('keeps SvelteKit’s CSRF check: a form posted from another origin is refused', async () => {
		const res = await fetch(`${server.url}/da-aggiornare?/salva`, {
			method: 'POST',
			body: new URLSearchParams({ x: '1' }),
			headers: { origin: 'https://attacker.example', cookie: cookies['luigi.deangelis'], 'content-type': 'application/x-www-form-urlencoded' }
		});
		expect(res.status).toBe(403);
	});
});

describe('who may write what', () => {
	it('the general direction opens a monitoring date; the board and directors may not', async () => {
		expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['nucleo'])).status).toBe(403);
		expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['luigi.deangelis'])).status).toBe(403);
		expect(db.sqlite.prepare('SELECT count(*) FROM monitoring_period WHERE date = ?').pluck().get(DATE)).toBe(0);
		const ok = await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['direzione']);
		expect(ok.body.type).toBe('success');
		expect(db.sqlite.prepare('SELECT state FROM monitoring_period WHERE date = ?').pluck().get(DATE)).toBe('aperto');
	});

	it('a signed-out request writes nothing', async () => {
		const [own] = indicatorsOf('Luigi De Angelis', 'numero');
		const before = auditCount();
		const res = await server.action('/da-aggiornare?/salva', { [`valore_${own.id}`]: '5', [`versione_${own.id}`]: '0' });
		expect(res.status).toBe(403);
		expect(measurementsAt(DATE)).toEqual([]);
		expect(auditCount()).toBe(before);
	});

	it('a director cannot write another director’s indicator', async () => {
		const [other] = indicatorsOf('Fabrizio Mechini', 'si_no');
		const res = await server.action('/da-aggiornare?/salva', { [`valore_${other.id}`]: 'si', [`versione_${other.id}`]: '0' }, cookies['luigi.deangelis']);
		expect(res.status).toBe(403);
		expect(measurementsAt(DATE)).toEqual([]);
	});

	it('the evaluation board writes no values, and cannot review them', async () => {
		const [own] = indicatorsOf('Luigi De Angelis', 'numero');
		expect((await server.action('/da-aggiornare?/salva', { [`valore_${own.id}`]: '5', [`versione_${own.id}`]: '0' }, cookies['nucleo'])).status).toBe(403);
		expect((await server.action('/revisione?/accetta', { id: '1', versione: '1' }, cookies['nucleo'])).status).toBe(403);
		expect(measurementsAt(DATE)).toEqual([]);
	});
});

describe('the monitoring cycle', () => {
	it('a value short of its target needs a justification to be submitted; nothing is saved without one', async () => {
		const census = indicatorsOf('Luigi De Angelis', 'numero').find((i) => i.target === 26)!;
		const res = await server.action('/da-aggiornare?/invia', { [`valore_${census.id}`]: '20', [`versione_${census.id}`]: '0' }, cookies['luigi.deangelis']);
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body)).toContain('la motivazione dello scostamento è obbligatoria');
		expect(measurementsAt(DATE)).toEqual([]);
	});

	it('draft, submit, return with a comment, resubmit, accept, close, validate: each by its role, each audited', async () => {
		const director = cookies['luigi.deangelis'];
		const census = indicatorsOf('Luigi De Angelis', 'numero').find((i) => i.target === 26)!;
		const auditBefore = auditCount();
		const lastId = db.sqlite.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;

		let r = await server.action('/da-aggiornare?/salva', { [`valore_${census.id}`]: '20', [`versione_${census.id}`]: '0' }, director);
		expect(r.body.type).toBe('success');
		expect(measurementsAt(DATE)).toMatchObject([{ indicator_id: census.id, value: 20, state: 'bozza', version: 1 }]);

		r = await server.action('/da-aggiornare?/invia', { [`valore_${census.id}`]: '20', [`motivazione_${census.id}`]: 'Due archivi chiusi per lavori', [`versione_${census.id}`]: '1' }, director);
		expect(r.body.type).toBe('success');
		const sent = db.sqlite.prepare('SELECT id, state, version FROM measurement WHERE indicator_id = ? AND date = ?').get(census.id, DATE) as { id: number; state: string; version: number };
		expect(sent.state).toBe('inviato');

		// Returning needs a comment.
		r = await server.action('/revisione?/restituisci', { id: String(sent.id), versione: String(sent.version), commento: '' }, cookies['direzione']);
		expect(r.status).toBe(400);
		r = await server.action('/revisione?/restituisci', { id: String(sent.id), versione: String(sent.version), commento: 'Indicare quali archivi' }, cookies['direzione']);
		expect(r.body.type).toBe('success');
		const page = await (await fetch(`${server.url}/da-aggiornare`, { headers: { cookie: director } })).text();
		expect(page).toContain('Restituito dalla Direzione:');
		expect(page).toContain('Indicare quali archivi');

		r = await server.action('/da-aggiornare?/invia', { [`valore_${census.id}`]: '20', [`motivazione_${census.id}`]: 'Archivi di Barga e Coreglia chiusi per lavori', [`versione_${census.id}`]: String(sent.version + 1) }, director);
		expect(r.body.type).toBe('success');
		const again = db.sqlite.prepare('SELECT id, state, version FROM measurement WHERE id = ?').get(sent.id) as { id: number; state: string; version: number };
		expect(again.state).toBe('inviato');
		r = await server.action('/revisione?/accetta', { id: String(again.id), versione: String(again.version) }, cookies['direzione']);
		expect(r.body.type).toBe('success');

		// The board cannot validate an open date; the general direction closes it first.
		r = await server.action('/monitoraggio', { azione: 'valida', data: DATE }, cookies['nucleo']);
		expect(JSON.stringify(r.body)).toContain('ancora aperta');
		// Other indicators have no value yet: a single "chiudi" shows the summary and does not close.
		r = await server.action('/monitoraggio', { azione: 'chiudi', data: DATE }, cookies['direzione']);
		expect(r.status).toBe(409);
		expect(JSON.stringify(r.body)).toContain('senza un valore inviato');
		expect(db.sqlite.prepare('SELECT state FROM monitoring_period WHERE date = ?').pluck().get(DATE)).toBe('aperto');
		expect((await server.action('/monitoraggio', { azione: 'chiudi', data: DATE, conferma: 'si' }, cookies['direzione'])).body.type).toBe('success');
		// Validating always asks first.
		r = await server.action('/monitoraggio', { azione: 'valida', data: DATE }, cookies['nucleo']);
		expect(r.status).toBe(409);
		expect(measurementsAt(DATE)).toMatchObject([{ state: 'accettato' }]);
		r = await server.action('/monitoraggio', { azione: 'valida', data: DATE, conferma: 'si' }, cookies['nucleo']);
		expect(r.body.type).toBe('success');
		expect(measurementsAt(DATE)).toMatchObject([{ indicator_id: census.id, value: 20, state: 'validato' }]);

		// The date's own lines (each objective also gets one for closing and validating: see audit-log.test.ts).
		const actions = db.sqlite.prepare("SELECT actor, action FROM audit_log WHERE id > ? AND NOT (entity = 'data di monitoraggio' AND objective_id IS NOT NULL) ORDER BY id").all(lastId);
		expect(actions).toEqual([
			{ actor: 'luigi.deangelis', action: 'valore salvato in bozza' },
			{ actor: 'luigi.deangelis', action: 'valore inviato' },
			{ actor: 'direzione', action: 'valore restituito' },
			{ actor: 'luigi.deangelis', action: 'valore inviato' },
			{ actor: 'direzione', action: 'valore accettato' },
			{ actor: 'direzione', action: 'monitoraggio: chiudi' },
			{ actor: 'nucleo', action: 'monitoraggio: valida' }
		]);
		expect(auditCount() - auditBefore).toBe(7 + 2 * (db.sqlite.prepare('SELECT count(*) FROM objective').pluck().get() as number));
	});

	it('validated values are locked: the general direction cannot reopen, the import is refused at its line', async () => {
		expect(JSON.stringify((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['direzione'])).body)).toContain('solo un amministratore');
		const census = indicatorsOf('Luigi De Angelis', 'numero').find((i) => i.target === 26)!;
		const dir = tempDir('locked');
		const file = path.join(dir, 'misurazioni.csv');
		fs.writeFileSync(file, `codice_indicatore;data;valore\n${census.code};30/09/2022;26\n`);
		const r = await runCli(['src/cli/import.ts', file, '--db', server.databasePath]);
		expect(r.status).toBe(1);
		expect(r.stderr).toContain(`${file}:2: data: data di monitoraggio validata dal Nucleo: valori bloccati`);
		expect(measurementsAt(DATE)).toMatchObject([{ value: 20, state: 'validato' }]);
		expect(() => db.sqlite.prepare("UPDATE measurement SET value = 1 WHERE date = ?").run(DATE)).toThrow(/validata/);
	});

	it('the audit log refuses to be rewritten', () => {
		expect(() => db.sqlite.prepare("UPDATE audit_log SET actor = 'qualcuno'").run()).toThrow(/non si può modificare/);
		expect(() => db.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/non si può cancellare/);
	});
});

describe('many saves at once', () => {
	const OTHER = '2022-10-31';
	beforeAll(async () => {
		await server.action('/monitoraggio', { azione: 'apri', data: OTHER }, cookies['direzione']);
	});

	it('simultaneous saves of different indicators: none is lost', async () => {
		const own = indicatorsOf('Fabrizio Mechini', 'si_no');
		expect(own.length).toBeGreaterThan(20);
		const results = await Promise.all(
			own.slice(0, 20).map((i) => server.action(`/da-aggiornare?data=${OTHER}&/salva`, { [`valore_${i.id}`]: 'si', [`versione_${i.id}`]: '0' }, cookies['fabrizio.mechini']))
		);
		for (const r of results) expect(r.body.type).toBe('success');
		const saved = measurementsAt(OTHER) as Array<{ indicator_id: number; value: number }>;
		expect(saved.map((m) => m.indicator_id).sort()).toEqual(own.slice(0, 20).map((i) => i.id).sort());
		expect(saved.every((m) => m.value === 1)).toBe(true);
	});

	it('simultaneous saves of the same value from the same version: one wins, the others are refused and shown it', async () => {
		const target = indicatorsOf('Fabrizio Mechini', 'si_no')[20];
		const auditBefore = auditCount();
		const results = await Promise.all(
			Array.from({ length: 10 }, (_, k) =>
				server.action(`/da-aggiornare?data=${OTHER}&/salva`, { [`valore_${target.id}`]: k % 2 ? 'si' : 'no', [`versione_${target.id}`]: '0' }, cookies['fabrizio.mechini'])
			)
		);
		const won = results.filter((r) => r.body.type === 'success');
		const refused = results.filter((r) => r.status === 400);
		expect(won).toHaveLength(1);
		expect(refused).toHaveLength(9);
		for (const r of refused) expect(JSON.stringify(r.body)).toContain('nel frattempo qualcun altro ha salvato questo valore');
		const row = db.sqlite.prepare('SELECT version FROM measurement WHERE indicator_id = ? AND date = ?').get(target.id, OTHER) as { version: number };
		expect(row.version).toBe(1);
		expect(auditCount() - auditBefore).toBe(1);
	});
});

/**
 * Reminders by e-mail, end to end: the built server opens a date with a due date, e-mail addresses are
 * set from the command line and by the administrator in the interface, `npm run promemoria` sends
 * through nodemailer to a real SMTP server started here (smtp-server), and the test reads what arrived.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { runCli, startServer, type RunningServer } from './support/server';

let server: RunningServer;
let db: Db;
let smtp: SMTPServer;
let smtpPort: number;
const received: Array<{ envelopeTo: string[]; mail: ParsedMail }> = [];
const cookies: Record<string, string> = {};
const DATE = '2022-09-30';

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	for (const u of ['direzione', 'nucleo', 'admin', 'luigi.deangelis', 'fabrizio.mechini']) cookies[u] = await server.signIn(u);
	// A plain local relay: no TLS, no authentication, every message kept for the assertions.
	smtp = new SMTPServer({
		disabledCommands: ['STARTTLS', 'AUTH'],
		authOptional: true,
		logger: false,
		onData(stream, session, callback) {
			simpleParser(stream)
				.then((mail) => {
					received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
					callback();
				})
				.catch(callback);
		}
	});
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
	smtpPort = (smtp.server.address() as AddressInfo).port;
});
afterAll(async () => {
	await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
	await db?.close();
	await server?.stop();
});

/** A command-line tool on this test's database, without the mail settings of the machine running the tests. */
function run(script: string, args: string[], env: Record<string, string | undefined> = {}) {
	const base = { ...process.env };
	for (const k of ['SMTP_URL', 'MAIL_FROM', 'SMTP_USER', 'SMTP_PASSWORD', 'ORIGIN']) delete base[k];
	return runCli([script, ...args, '--db', server.databasePath], { ...base, ...env });
}
const mailEnv = () => ({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_FROM: 'Cruscotto della performance <cruscotto@provincia.example>', ORIGIN: 'https://cruscotto.provincia.example' });
const reminders = () => db.sqlite.prepare('SELECT recipient, kind, missing, returned, subject, period_date FROM reminder ORDER BY id').all() as Array<Record<string, unknown>>;

describe('e-mail addresses', () => {
	it('are set from the command line, checked, and listed', async () => {
		let r = await run('src/cli/users.ts', ['email', 'luigi.deangelis', 'luigi.deangelis@provincia.example']);
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('I promemoria andranno a questo indirizzo');
		r = await run('src/cli/users.ts', ['email', 'fabrizio.mechini', 'non è un indirizzo']);
		expect(r.status).toBe(2);
		expect(r.stderr).toContain('non è un indirizzo e-mail valido');
		r = await run('src/cli/users.ts', ['elenco']);
		expect(r.stdout).toMatch(/luigi\.deangelis .*luigi\.deangelis@provincia\.example/);
	});

	it('are edited by the administrator in the interface; nobody else may (403), and a bad address is refused', async () => {
		for (const who of ['direzione', 'nucleo', 'fabrizio.mechini']) {
			expect((await fetch(`${server.url}/utenti`, { headers: { cookie: cookies[who] } })).status).toBe(403);
			const r = await server.action('/utenti?/email', { utente: 'fabrizio.mechini', email: 'altro@example.org' }, cookies[who]);
			expect(r.status).toBe(403);
		}
		let r = await server.action('/utenti?/email', { utente: 'fabrizio.mechini', email: 'mechini@' }, cookies['admin']);
		expect(r.status).toBe(400);
		r = await server.action('/utenti?/email', { utente: 'fabrizio.mechini', email: 'Fabrizio.Mechini@Provincia.example' }, cookies['admin']);
		expect(r.body.type).toBe('success');
		expect(db.sqlite.prepare("SELECT email FROM user WHERE username = 'fabrizio.mechini'").pluck().get()).toBe('fabrizio.mechini@provincia.example');
		expect(db.sqlite.prepare("SELECT actor FROM audit_log WHERE action = 'e-mail modificata' ORDER BY id DESC LIMIT 1").pluck().get()).toBe('admin');
		const html = await (await fetch(`${server.url}/utenti`, { headers: { cookie: cookies['admin'] } })).text();
		expect(html).toContain('fabrizio.mechini@provincia.example');
	});
});

describe('npm run promemoria', () => {
	beforeAll(async () => {
		const opened = await server.action('/monitoraggio', { azione: 'apri', data: DATE, scadenza: '2099-10-15' }, cookies['direzione']);
		expect(opened.body.type).toBe('success');
		// Mechini sends everything but one value, which the direction returns with a comment.
		const own = db.sqlite
			.prepare("SELECT i.id, i.type FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = 'Fabrizio Mechini' ORDER BY o.position, i.position")
			.all() as Array<{ id: number; type: string | null }>;
		const fields: Record<string, string> = {};
		for (const i of own) {
			fields[`valore_${i.id}`] = i.type === 'si_no' ? 'si' : i.type === 'data' ? '2022-01-01' : '1000000';
			fields[`versione_${i.id}`] = '0';
		}
		expect((await server.action('/da-aggiornare?/invia', fields, cookies['fabrizio.mechini'])).body.type).toBe('success');
		const m = db.sqlite.prepare('SELECT id, version FROM measurement WHERE indicator_id = ? AND date = ?').get(own[0].id, DATE) as { id: number; version: number };
		expect((await server.action('/revisione?/restituisci', { id: String(m.id), versione: String(m.version), commento: 'Allegare il verbale di collaudo' }, cookies['direzione'])).body.type).toBe('success');
	});

	it('without a mail server it says mail is not configured and sends nothing', async () => {
		const r = await run('src/cli/reminders.ts', []);
		expect(r.status).toBe(1);
		expect(r.stderr).toContain('La posta non è configurata (manca SMTP_URL e MAIL_FROM)');
		expect(received).toEqual([]);
		expect(reminders()).toEqual([]);
	});

	/** Phase reports due at the date (the rule /monitoraggio states): none of these were reported at 30/09. */
	const phasesDue = (director: string) =>
		db.sqlite
			.prepare(
				`SELECT count(*) FROM phase f JOIN objective o ON o.id = f.objective_id JOIN director d ON d.id = o.director_id
				 WHERE d.name = ? AND coalesce(f.start_date, f.end_date) <= ? AND coalesce(f.end_date, f.start_date) >= '2022-01-01'
				   AND f.id NOT IN (SELECT phase_id FROM phase_progress WHERE date < ? AND status = 'completata' AND state = 'accettato')`
			)
			.pluck()
			.get(director, DATE, DATE) as number;

	it('--dry-run lists what it would send, and who has no address, without sending', async () => {
		const r = await run('src/cli/reminders.ts', ['--dry-run'], mailEnv());
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('Manderebbe a Luigi De Angelis <luigi.deangelis@provincia.example>');
		// His values are all in but one returned; the phases of his objectives due at the date are not reported.
		expect(r.stdout).toContain(`Manderebbe a Fabrizio Mechini <fabrizio.mechini@provincia.example>: «Promemoria: valori e avanzamento delle fasi al 30/09/2022 da inviare entro il 15/10/2099» (${phasesDue('Fabrizio Mechini')} da inserire, 1 restituiti)`);
		expect(r.stdout).toContain('Senza indirizzo e-mail: Paolo Benedetti');
		expect(r.stdout).toContain('2 promemoria da mandare (prova: nessuno inviato).');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(received).toEqual([]);
		expect(reminders()).toEqual([]);
	});

	it('sends one Italian message per director with what he owes and links, and records each one', async () => {
		const r = await run('src/cli/reminders.ts', [], mailEnv());
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('2 promemoria inviati.');
		expect(received).toHaveLength(2);
		const byTo = Object.fromEntries(received.map((m) => [m.envelopeTo.join(), m.mail]));

		const luigi = byTo['luigi.deangelis@provincia.example'];
		expect(luigi.from?.value).toEqual([{ name: 'Cruscotto della performance', address: 'cruscotto@provincia.example' }]);
		expect(luigi.subject).toBe('Promemoria: valori e avanzamento delle fasi al 30/09/2022 da inviare entro il 15/10/2099');
		const luigiPhases = phasesDue('Luigi De Angelis');
		expect(luigiPhases).toBeGreaterThan(0);
		const luigiOwes = db.sqlite.prepare("SELECT count(*) FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = 'Luigi De Angelis'").pluck().get() as number;
		expect(luigi.text).toContain(`Gentile Luigi De Angelis,`);
		expect(luigi.text).toContain(`risultano ${luigiOwes} valori da inserire e inviare e ${luigiPhases} avanzamenti di fase da dichiarare e inviare.`);
		expect(luigi.text).toContain('Avanzamento delle fasi da dichiarare (stato, percentuale, date effettive):');
		expect(String(luigi.text).match(/^- fase \d+ di 2022-/gm)).toHaveLength(luigiPhases);
		expect(luigi.text).toContain('- 2022-B7-OP-01-I01 ');
		expect(luigi.text).toContain('https://cruscotto.provincia.example/da-aggiornare?data=2022-09-30');
		expect(luigi.text).toContain('https://cruscotto.provincia.example/obiettivi/2022/2022-B7-OP-01');

		const fabrizio = byTo['fabrizio.mechini@provincia.example'];
		const fabrizioPhases = phasesDue('Fabrizio Mechini');
		expect(fabrizio.text).toContain(`risultano 1 valore restituito dalla Direzione generale da correggere e ${fabrizioPhases} avanzamenti di fase da dichiarare e inviare.`);
		expect(fabrizio.text).toContain('Commento: Allegare il verbale di collaudo');
		expect(fabrizio.text).not.toContain('Da inserire e inviare:');

		expect(reminders()).toEqual([
			expect.objectContaining({ recipient: expect.any(String), kind: 'in_scadenza', period_date: DATE }),
			expect.objectContaining({ kind: 'in_scadenza', period_date: DATE })
		]);
		expect(reminders().map((x) => [x.recipient, x.missing, x.returned])).toEqual(
			expect.arrayContaining([['luigi.deangelis@provincia.example', luigiOwes + luigiPhases, 0], ['fabrizio.mechini@provincia.example', fabrizioPhases, 1]])
		);
		// The direction sees what went out; a director's view of the page does not list others' mail.
		const html = await (await fetch(`${server.url}/monitoraggio`, { headers: { cookie: cookies['direzione'] } })).text();
		expect(html).toContain('Promemoria inviati (2)');
		expect(html).toContain('luigi.deangelis@provincia.example');
		expect(await (await fetch(`${server.url}/monitoraggio`, { headers: { cookie: cookies['fabrizio.mechini'] } })).text()).not.toContain('Promemoria inviati');
	});

	it('run twice the same day, it does not send the same reminder again', async () => {
		const r = await run('src/cli/reminders.ts', [], mailEnv());
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('Già avvisato oggi: Luigi De Angelis');
		expect(r.stdout).toContain('Nessun promemoria da mandare.');
		expect(received).toHaveLength(2);
	});

	it('once the due date has passed, the reminder is a reminder of lateness', async () => {
		expect((await server.action('/monitoraggio', { azione: 'scadenza', data: DATE, scadenza: '2022-10-15' }, cookies['direzione'])).body.type).toBe('success');
		const r = await run('src/cli/reminders.ts', [], mailEnv());
		expect(r.status).toBe(0);
		expect(received).toHaveLength(4);
		const late = received.slice(2).map((m) => m.mail);
		for (const m of late) {
			expect(m.subject).toBe('Scadenza passata: valori e avanzamento delle fasi al 30/09/2022 ancora da inviare');
			expect(m.text).toContain('La scadenza per l’inserimento era il 15/10/2022: i valori sono in ritardo.');
		}
		expect(reminders().slice(2).map((x) => x.kind)).toEqual(['scaduto', 'scaduto']);
	});
});

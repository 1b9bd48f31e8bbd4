/**
 * The campaign walked in Chromium, as the "done when" reads: the direction opens a date with a
 * due date → reminders reach a real SMTP server → a director lands on his page and submits → the
 * direction accepts his values in bulk → closing with a returned value asks for confirmation → the
 * board validates with confirmation → the public page states what its figures rest on.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { runCli, startServer, type RunningServer } from './support/server';
import { hasChromium, launchBrowser, screenshot, seriousA11yViolations } from './support/browser';

const DATE = '2022-09-30';
let server: RunningServer;
let db: Db;
let smtp: SMTPServer;
const received: ParsedMail[] = [];

/** A command-line tool on this test's database, without the mail settings of the machine running the tests. */
function run(script: string, args: string[], env: Record<string, string> = {}) {
	const base = { ...process.env };
	for (const k of ['SMTP_URL', 'MAIL_FROM', 'SMTP_USER', 'SMTP_PASSWORD', 'ORIGIN']) delete base[k];
	return runCli([script, ...args, '--db', server.databasePath], { ...base, ...env });
}

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	smtp = new SMTPServer({
		disabledCommands: ['STARTTLS', 'AUTH'],
		authOptional: true,
		logger: false,
		onData(stream, _session, callback) {
			simpleParser(stream).then((mail) => (received.push(mail), callback())).catch(callback);
		}
	});
	await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
});
afterAll(async () => {
	await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
	await db?.close();
	await server?.stop();
});

describe.runIf(hasChromium)('the campaign in Chromium', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	async function signIn(username: string): Promise<Page> {
		const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
		const page = await context.newPage();
		await page.goto(server.url + '/accesso');
		await page.getByLabel('Nome utente').fill(username);
		await page.getByLabel('Password').fill(server.password(username));
		await page.getByRole('button', { name: 'Entra' }).click();
		await page.waitForURL((u) => !u.pathname.startsWith('/accesso'));
		return page;
	}
	const measurement = (indicatorId: number) => db.sqlite.prepare('SELECT id, state, version FROM measurement WHERE indicator_id = ? AND date = ?').get(indicatorId, DATE) as { id: number; state: string; version: number } | undefined;

	it('walks the whole campaign', async () => {
		// 1. The direction lands on the campaign and opens 30/09 with a due date.
		const direction = await signIn('direzione');
		expect(new URL(direction.url()).pathname).toBe('/monitoraggio');
		await direction.getByLabel('Aprire un’altra data di monitoraggio').fill(DATE);
		await direction.getByLabel('con scadenza per l’inserimento').fill('2099-10-31');
		await direction.locator('form.new').getByRole('button', { name: 'Apri' }).click();
		await direction.getByRole('heading', { name: 'Campagna al 30/09/2022' }).waitFor();
		await direction.getByText('0 dirigenti su 7').waitFor();
		expect(await seriousA11yViolations(direction)).toEqual([]);
		await screenshot(direction, 'campagna-direzione');

		// 2. Reminders reach a real SMTP server.
		expect((await run('src/cli/users.ts', ['email', 'luigi.deangelis', 'luigi.deangelis@provincia.example'])).status).toBe(0);
		const sent = await run('src/cli/reminders.ts', [], {
			SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
			MAIL_FROM: 'performance@provincia.example',
			ORIGIN: server.url
		});
		expect(sent.stderr).toBe('');
		expect(received.map((m) => m.subject)).toEqual(['Promemoria: valori e avanzamento delle fasi al 30/09/2022 da inviare entro il 31/10/2099']);
		expect(received[0].text).toContain(`${server.url}/da-aggiornare?data=${DATE}`);

		// 3. The director lands on his page, follows it to the table and submits.
		const director = await signIn('luigi.deangelis');
		expect(new URL(director.url()).pathname).toBe('/il-mio-lavoro');
		await director.getByText('da inviare entro il 31/10/2099').waitFor();
		expect(await seriousA11yViolations(director)).toEqual([]);
		await screenshot(director, 'il-mio-lavoro');
		await director.getByRole('link', { name: 'Aggiorna i valori al 30/09/2022' }).click();
		await director.waitForURL(/\/da-aggiornare/);
		await director.getByRole('heading', { name: 'Da aggiornare' }).waitFor();
		const census = director.getByRole('row').filter({ hasText: '2022-B7-OP-01-I01' });
		await census.getByRole('textbox', { name: /Numero di istituti censiti/ }).fill('20');
		await census.getByRole('textbox', { name: /Motivazione/ }).fill('Due archivi chiusi per lavori');
		await director.getByRole('row').filter({ hasText: '2022-B7-OP-03-I01' }).getByRole('combobox').selectOption('si');
		await director.getByRole('button', { name: 'Invia alla Direzione' }).click();
		await director.getByText('Inviati alla Direzione generale 2 valori.').waitFor();

		// Another director's value, sent over HTTP, to be returned below.
		const mechini = db.sqlite
			.prepare("SELECT i.id FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = 'Fabrizio Mechini' AND i.type = 'si_no' ORDER BY o.position, i.position LIMIT 1")
			.pluck()
			.get() as number;
		const mechiniCookie = await server.signIn('fabrizio.mechini');
		expect((await server.action('/da-aggiornare?/invia', { [`valore_${mechini}`]: 'si', [`versione_${mechini}`]: '0' }, mechiniCookie)).body.type).toBe('success');

		// 4. Bulk accept; the value below target stands out first.
		await direction.goto(server.url + '/revisione');
		await direction.getByText('Sotto il target').first().waitFor();
		await direction.getByRole('button', { name: 'Accetta tutti i 2 valori di Luigi De Angelis' }).click();
		await direction.getByText('Accettati 2 valori.').waitFor();
		const mechiniItem = direction.getByRole('listitem').filter({ hasText: 'Fabrizio Mechini' }).or(direction.locator('li.review').filter({ has: direction.locator('textarea') })).first();
		await mechiniItem.getByLabel('Commento (obbligatorio per restituire)').fill('Allegare il verbale');
		await mechiniItem.getByRole('button', { name: 'Restituisci' }).click();
		await direction.getByText('Valore restituito al dirigente con il commento.').waitFor();
		expect(measurement(mechini)?.state).toBe('restituito');

		// 5. Closing with a returned value asks first, says who, and closes only on the second click.
		await direction.goto(server.url + '/monitoraggio');
		await direction.getByRole('row').filter({ hasText: '30/09/2022' }).getByRole('button', { name: 'Chiudi' }).click();
		await direction.getByRole('heading', { name: 'Confermare la chiusura del 30/09/2022' }).waitFor();
		await direction.getByText('1 valore restituito al dirigente e non ancora corretto').waitFor();
		expect(db.sqlite.prepare('SELECT state FROM monitoring_period WHERE date = ?').pluck().get(DATE)).toBe('aperto');
		expect(await seriousA11yViolations(direction)).toEqual([]);
		await screenshot(direction, 'conferma-chiusura');
		await direction.getByRole('button', { name: 'Sì, chiudi comunque' }).click();
		await direction.getByText(/Data chiusa/).waitFor();
		expect(db.sqlite.prepare('SELECT state FROM monitoring_period WHERE date = ?').pluck().get(DATE)).toBe('chiuso');
		expect(measurement(mechini)?.state).toBe('restituito');

		// The returned value blocks validation: the direction reopens, Mechini corrects, the direction accepts and closes again.
		const directionCookie = await server.signIn('direzione');
		expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, directionCookie)).body.type).toBe('success');
		const m = measurement(mechini)!;
		expect((await server.action('/da-aggiornare?/invia', { [`valore_${mechini}`]: 'si', [`motivazione_${mechini}`]: 'Verbale allegato', [`versione_${mechini}`]: String(m.version) }, mechiniCookie)).body.type).toBe('success');
		const again = measurement(mechini)!;
		expect((await server.action('/revisione?/accetta', { id: String(again.id), versione: String(again.version) }, directionCookie)).body.type).toBe('success');
		expect((await server.action('/monitoraggio', { azione: 'chiudi', data: DATE, conferma: 'si' }, directionCookie)).body.type).toBe('success');

		// 6. The board lands on what awaits validation and validates with confirmation.
		const board = await signIn('nucleo');
		expect(new URL(board.url()).pathname).toBe('/monitoraggio');
		await board.getByRole('heading', { name: 'Chiusa, da validare: 30/09/2022' }).waitFor();
		await board.getByRole('button', { name: 'Valida il 30/09/2022…' }).click();
		await board.getByRole('heading', { name: 'Confermare la validazione del 30/09/2022' }).waitFor();
		expect(db.sqlite.prepare('SELECT state FROM monitoring_period WHERE date = ?').pluck().get(DATE)).toBe('chiuso');
		await screenshot(board, 'conferma-validazione');
		await board.getByRole('button', { name: 'Sì, valida e blocca i valori' }).click();
		await board.getByText(/Data validata: 3 valori bloccati/).waitFor();

		// 7. The public page states what its figures rest on.
		const visitor = await (await browser.newContext()).newPage();
		await visitor.goto(server.url + '/trasparenza/2022');
		await visitor.getByText('Raggiungimento al 30/09/2022, validato').waitFor();
		await visitor.getByText(/Validati \d+ obiettivi di 77/).waitFor();
		expect(await visitor.getByText('Non ancora disponibile').count()).toBeGreaterThan(1);
		await visitor.getByText(/su \d+ obiettiv[oi] validat[oi] di \d+/).first().waitFor();
		expect(await seriousA11yViolations(visitor)).toEqual([]);
		await screenshot(visitor, 'trasparenza-copertura');
	}, 300_000);
});

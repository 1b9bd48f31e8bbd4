/**
 * The people's workflow in Chromium: a director signs in, fills the table, saves, submits; the general
 * direction signs in and returns one value with a comment; the director sees it. Also: sign-in throttling
 * and the users command, on a server of their own (throttling locks the test's address).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { runCli, startServer, type RunningServer } from './support/server';
import { hasChromium, launchBrowser, screenshot, seriousA11yViolations } from './support/browser';

let server: RunningServer;
let db: Db;
beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	const opened = await server.action('/monitoraggio', { azione: 'apri', data: '2022-09-30' }, await server.signIn('direzione'));
	expect(opened.body.type).toBe('success');
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

describe.runIf(hasChromium)('in Chromium', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	async function signIn(username: string, path = '/'): Promise<Page> {
		const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
		const page = await context.newPage();
		await page.goto(server.url + path);
		await page.waitForURL(/\/accesso/);
		await page.getByLabel('Nome utente').fill(username);
		await page.getByLabel('Password').fill(server.password(username));
		await page.getByRole('button', { name: 'Entra' }).click();
		await page.waitForURL((u) => !u.pathname.startsWith('/accesso'));
		return page;
	}

	it('a director fills the table, saves a draft, then submits; the direction returns one value with a comment', async () => {
		const page = await signIn('luigi.deangelis', '/da-aggiornare');
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Da aggiornare');
		expect(await seriousA11yViolations(page)).toEqual([]);

		const census = page.getByRole('row').filter({ hasText: '2022-B7-OP-01-I01' });
		await census.getByRole('textbox', { name: /Numero di istituti censiti/ }).fill('18');
		const manual = page.getByRole('row').filter({ hasText: '2022-B7-OP-03-I01' });
		await manual.getByRole('combobox').selectOption('si');

		// Submitting a value short of its target without a justification is refused, and nothing typed is lost.
		await page.getByRole('button', { name: 'Invia alla Direzione' }).click();
		await page.getByText('la motivazione dello scostamento è obbligatoria').first().waitFor();
		expect(await census.getByRole('textbox', { name: /Numero di istituti censiti/ }).inputValue()).toBe('18');
		expect(db.sqlite.prepare("SELECT count(*) FROM measurement WHERE date = '2022-09-30'").pluck().get()).toBe(0);

		await page.getByRole('button', { name: 'Salva in bozza' }).click();
		await page.getByText(/Salvati in bozza 2 valori/).waitFor();
		await census.getByRole('textbox', { name: /Motivazione dello scostamento per 2022-B7-OP-01-I01/ }).fill('Censimento rallentato dalla chiusura estiva');
		await page.getByRole('button', { name: 'Invia alla Direzione' }).click();
		await page.getByText(/Inviati alla Direzione generale 2 valori/).waitFor();
		await screenshot(page, 'da-aggiornare');
		expect(db.sqlite.prepare("SELECT state FROM measurement WHERE date = '2022-09-30' ORDER BY id").pluck().all()).toEqual(['inviato', 'inviato']);
		await page.context().close();

		const direction = await signIn('direzione', '/revisione');
		const item = direction.getByRole('listitem').filter({ hasText: '2022-B7-OP-01-I01' });
		await item.getByLabel(/Commento/).fill('Indicare quali archivi sono chiusi e fino a quando');
		await item.getByRole('button', { name: 'Restituisci' }).click();
		await direction.getByText('Valore restituito al dirigente con il commento.').waitFor();
		await screenshot(direction, 'revisione');
		expect(await seriousA11yViolations(direction)).toEqual([]);
		await direction.context().close();

		const back = await signIn('luigi.deangelis', '/da-aggiornare');
		await back.getByText('Indicare quali archivi sono chiusi e fino a quando').waitFor();
		await back.context().close();
		expect(db.sqlite.prepare("SELECT i.code, m.state, m.review_comment FROM measurement m JOIN indicator i ON i.id = m.indicator_id WHERE date = '2022-09-30' ORDER BY i.code").all()).toEqual([
			{ code: '2022-B7-OP-01-I01', state: 'restituito', review_comment: 'Indicare quali archivi sono chiusi e fino a quando' },
			{ code: '2022-B7-OP-03-I01', state: 'inviato', review_comment: null }
		]);
	});

	it('the objective page shows who changed what, and the sign-in page is accessible', async () => {
		const page = await signIn('nucleo', '/obiettivi/2022/2022-B7-OP-01');
		const log = page.getByRole('list', { name: /Chi ha cambiato cosa/ });
		await expect(log.textContent()).resolves.toContain('ha restituito il valore');
		await expect(log.textContent()).resolves.toContain('Direzione generale');
		await page.context().close();
		const anon = await browser.newPage();
		await anon.goto(server.url + '/accesso');
		await screenshot(anon, 'accesso');
		expect(await seriousA11yViolations(anon)).toEqual([]);
		await anon.close();
	});
});

describe('npm run users', () => {
	const users = (...args: string[]) => runCli(['src/cli/users.ts', ...args, '--db', server.databasePath]);

	it('adds an account with a printed password, changes its role, disables it', async () => {
		const added = await users('aggiungi', 'segretario', '--ruolo', 'admin', '--nome', 'Segretario generale');
		expect(added.status).toBe(0);
		const password = /mostrata solo ora: (\S+)/.exec(added.stdout)![1];
		expect(password.length).toBeGreaterThanOrEqual(20);
		const signIn = () => fetch(`${server.url}/accesso`, { method: 'POST', body: new URLSearchParams({ utente: 'segretario', password }), headers: { origin: server.url, accept: 'text/html' }, redirect: 'manual' });
		expect((await signIn()).status).toBe(303);
		expect((await users('ruolo', 'segretario', '--ruolo', 'dirigente')).stderr).toContain('va collegato a un dirigente');
		expect((await users('ruolo', 'segretario', '--ruolo', 'nucleo')).status).toBe(0);
		expect((await users('disattiva', 'segretario')).status).toBe(0);
		expect((await signIn()).status).toBe(400);
		expect((await users('elenco')).stdout).toMatch(/segretario\s+Nucleo di valutazione\s+\(senza e-mail\)\s+\[disattivato\]/);
		const audit = db.sqlite.prepare("SELECT action FROM audit_log WHERE ref = 'segretario' ORDER BY id").pluck().all();
		expect(audit).toEqual(['account creato', 'ruolo cambiato', 'account disattivato']);
	});

	it('locks an account after five failed sign-ins, even for the right password', async () => {
		const attempt = (password: string) =>
			fetch(`${server.url}/accesso`, { method: 'POST', body: new URLSearchParams({ utente: 'roberto.gerardi', password }), headers: { origin: server.url, accept: 'text/html' }, redirect: 'manual' });
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) statuses.push((await attempt(`sbagliata-${i}-xxxxxxxx`)).status);
		// The fifth may already meet the address's lock (the test's earlier failed sign-in counts there too).
		expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
		const locked = await attempt(server.password('roberto.gerardi'));
		expect(locked.status).toBe(429);
		expect(await locked.text()).toContain('Troppi tentativi');
		// A reset by an administrator clears the account's lock (the address stays throttled for a while).
		expect((await users('password', 'roberto.gerardi')).status).toBe(0);
		expect(db.sqlite.prepare("SELECT count(*) FROM login_failure WHERE key = 'utente:roberto.gerardi'").pluck().get()).toBe(0);
	});
});

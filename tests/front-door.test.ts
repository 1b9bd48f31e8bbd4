/**
 * The README's quick start, exactly: `npm start` with no variable the README does not set (only the
 * port and the database path differ, so the test does not touch the developer's own database), then a
 * real Chromium signs in through the form on plain http and uses a form, at every address a person in
 * the office would type: localhost, 127.0.0.1 and the machine's own network address. A form posted
 * from another site is still refused.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, screenshot } from './support/browser';
import { freePort, printedPassword, tempDir, waitUntilStarted } from './support/server';

/** A network address of this machine other than loopback, if it has one (CI containers do). */
function lanAddress(): string | null {
	for (const list of Object.values(os.networkInterfaces())) {
		for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
	}
	return null;
}

describe.runIf(hasChromium)('avvio rapido del README, da un browser su http', () => {
	let child: ChildProcess;
	let output = '';
	let port = 0;
	let browser: Browser;

	beforeAll(async () => {
		port = await freePort();
		// A shell's environment and nothing else: not ORIGIN, not HOST, not the test runner's variables.
		const env = { PATH: process.env.PATH!, HOME: process.env.HOME ?? os.homedir(), PORT: String(port), DATABASE_PATH: path.join(tempDir('readme'), 'cruscotto.sqlite') };
		child = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		child.stdout!.on('data', (d) => (output += d));
		child.stderr!.on('data', (d) => (output += d));
		// npm start builds first: allow for the build as well as the start.
		await waitUntilStarted(child, () => output, 110_000);
		browser = await launchBrowser();
	});

	afterAll(async () => {
		await browser?.close();
		// npm runs the server in a child of its own: stop the whole group.
		if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
	});

	const password = (username: string) => printedPassword(output, username);

	const hosts = ['localhost', '127.0.0.1', ...(lanAddress() ? [lanAddress()!] : [])];
	const dates = ['2022-03-31', '2022-04-30', '2022-05-31'];

	it('prints where to open it, and the printed passwords', () => {
		expect(output).toContain(`http://localhost:${port}/`);
		expect(password('direzione')).toMatch(/\S{12,}/);
	});

	it.each(hosts.map((h, i) => [h, dates[i]]))('on http://%s signs in through the form and uses a form (opens %s)', async (host, date) => {
		const base = `http://${host}:${port}`;
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.goto(`${base}/monitoraggio`);
		// Not signed in: sent to the sign-in page, which will bring us back.
		expect(new URL(page.url()).pathname).toBe('/accesso');
		await page.getByLabel('Nome utente').fill('direzione');
		await page.getByLabel('Password').fill(password('direzione'));
		await page.getByRole('button', { name: 'Entra' }).click();
		await page.waitForURL(`${base}/monitoraggio`);
		// The session cookie works on plain http (no Secure flag a browser would drop off localhost).
		const cookie = (await context.cookies()).find((c) => c.name === 'sessione');
		expect(cookie?.secure).toBe(false);

		await page.getByLabel('Aprire un’altra data di monitoraggio').fill(date);
		await page.locator('form.new').getByRole('button', { name: 'Apri' }).click();
		await page.getByText('Data aperta all’inserimento dei valori.').waitFor();
		const [y, m, d] = date.split('-');
		await page.getByRole('rowheader', { name: `${d}/${m}/${y}` }).waitFor();
		if (host === 'localhost') await screenshot(page, 'avvio-rapido-monitoraggio');
		await context.close();
	});

	it('still refuses a form posted from another site', async () => {
		const res = await fetch(`http://127.0.0.1:${port}/accesso`, {
			method: 'POST',
			body: new URLSearchParams({ utente: 'direzione', password: password('direzione') }),
			headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
			redirect: 'manual'
		});
		expect(res.status).toBe(403);
		expect(res.headers.getSetCookie().some((c) => c.startsWith('sessione='))).toBe(false);
	});

	it('ignores a client that claims to be on https (the protocol is the server’s to say)', async () => {
		const res = await fetch(`http://127.0.0.1:${port}/accesso`, {
			method: 'POST',
			body: new URLSearchParams({ utente: 'direzione', password: password('direzione') }),
			headers: { origin: `http://127.0.0.1:${port}`, accept: 'text/html', 'x-cruscotto-protocollo': 'https', 'content-type': 'application/x-www-form-urlencoded' },
			redirect: 'manual'
		});
		expect(res.status).toBe(303);
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sessione='))!;
		expect(cookie).not.toMatch(/;\s*Secure/i);
	});
});

/**
 * Values written by another process while the server runs (the command line's import): the server
 * carries what it keeps over them through the change log (src/lib/server/cache/change-log.ts),
 * recomputing only the objectives they touched. The overview it then shows must be exactly the one a
 * server started afresh on the same file renders: never stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServer, tempDir, type RunningServer } from './support/server';

let server: RunningServer;
let fresh: RunningServer | null = null;
let direction: string;
beforeAll(async () => {
	server = await startServer();
	direction = await server.signIn('direzione');
});
afterAll(async () => {
	await fresh?.stop();
	await server?.stop();
});

async function get(base: string, page: string, cookie: string) {
	const res = await fetch(base + page, { headers: { cookie } });
	return { status: res.status, body: await res.text() };
}

/** Signs in on another server with the password the first one printed (the accounts are in the file). */
async function signInAt(base: string, username: string): Promise<string> {
	const body = new URLSearchParams({ utente: username, password: server.password(username) });
	const res = await fetch(`${base}/accesso`, { method: 'POST', body, headers: { origin: base, accept: 'text/html' }, redirect: 'manual' });
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sessione='));
	if (res.status !== 303 || !cookie) throw new Error(`accesso di ${username} non riuscito (${res.status})`);
	return cookie.split(';')[0];
}

describe('values imported by another process while the server runs', () => {
	it('show on the next overview, equal to a server started afresh on the same file', async () => {
		const pages = ['/?data=2022-12-31', '/?data=2022-12-31&ordina=raggiungimento&verso=desc'];
		const before = await Promise.all(pages.map((p) => get(server.url, p, direction)));
		for (const page of before) expect(page.status).toBe(200);
		// As Excel saves it: semicolons, CRLF, Windows-1252 («sì»), every yes/no indicator of the plan achieved.
		const codes = fs
			.readFileSync('import/piao-2022/indicatori.csv', 'utf8')
			.split('\n')
			.map((line) => line.split(','))
			.filter((cells) => cells[3] === 'si_no')
			.map((cells) => cells[1]);
		expect(codes.length).toBeGreaterThan(50);
		const dir = tempDir('external-import');
		const csv = ['codice_indicatore;data;valore', ...codes.map((code) => `${code};31/12/2022;sì`)].join('\r\n') + '\r\n';
		fs.writeFileSync(path.join(dir, 'misurazioni.csv'), Buffer.from(csv, 'latin1'));
		const run = await runCli(['src/cli/import.ts', path.join(dir, 'misurazioni.csv'), '--db', server.databasePath]);
		expect(run.status, run.stderr).toBe(0);

		const after = await Promise.all(pages.map((p) => get(server.url, p, direction)));
		for (const [n, page] of after.entries()) {
			expect(page.status).toBe(200);
			expect(page.body).not.toBe(before[n].body); // the figures moved
		}
		// A server that never saw the old data computes everything from the file.
		fresh = await startServer({ DATABASE_PATH: server.databasePath });
		const cookie = await signInAt(fresh.url, 'direzione');
		for (const [n, page] of pages.entries()) {
			const expected = await get(fresh.url, page, cookie);
			expect(after[n].body).toBe(expected.body);
		}
	}, 120_000);
});

/**
 * The page cache serves a rendered page again only while the data is unchanged: a write through the
 * dashboard or through the command line (another process on the same file) shows at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServer, tempDir, type RunningServer } from './support/server';

const PAGE = '/obiettivi/2022/2022-B7-OP-01';

let server: RunningServer;
let direction: string;
beforeAll(async () => {
	server = await startServer();
	direction = await server.signIn('direzione');
});
afterAll(async () => {
	await server?.stop();
});

async function get(page: string, cookie: string, headers: Record<string, string> = {}) {
	const res = await fetch(server.url + page, { headers: { cookie, ...headers } });
	const timing = res.headers.get('server-timing') ?? '';
	return { status: res.status, body: await res.text(), etag: res.headers.get('etag'), cache: /cache;desc="(\w+)"/.exec(timing)?.[1], timing };
}

describe('page cache', () => {
	it('renders once, then serves the same bytes with fewer queries, and answers 304 to a matching ETag', async () => {
		const first = await get(PAGE + '?data=2022-12-31', direction);
		const second = await get(PAGE + '?data=2022-12-31', direction);
		expect([first.status, first.cache, second.cache]).toEqual([200, 'miss', 'hit']);
		expect(second.body).toBe(first.body);
		expect(second.etag).toBe(first.etag);
		const queries = (t: string) => Number(/db;desc="(\d+) query"/.exec(t)![1]);
		expect(queries(second.timing)).toBeLessThan(queries(first.timing));
		expect(queries(second.timing)).toBeLessThanOrEqual(2); // the session and the revision token
		const revalidated = await get(PAGE + '?data=2022-12-31', direction, { 'if-none-match': first.etag! });
		expect([revalidated.status, revalidated.body]).toEqual([304, '']);
	});

	it('keeps each user’s own view', async () => {
		const director = await server.signIn('paolo.benedetti');
		const [asDirection, asDirector] = [await get(PAGE, direction), await get(PAGE, director)];
		expect(asDirection.body).toContain('Modifica il target'); // only the general direction edits targets
		expect(asDirector.body).not.toContain('Modifica il target');
		expect(asDirector.etag).not.toBe(asDirection.etag);
	});

	it('shows a target changed through the dashboard on the next request', async () => {
		const before = await get(PAGE, direction);
		expect((await get(PAGE, direction)).cache).toBe('hit');
		const id = /name="indicatore" value="(\d+)"/.exec(before.body)![1];
		const saved = await server.action(`${PAGE}?/target`, { indicatore: id, target: '44', motivazione: 'prova della cache' }, direction);
		expect(saved.body.type).toBe('success');
		const after = await get(PAGE, direction);
		expect(after.cache).toBe('miss');
		expect(after.body).toContain('prova della cache'); // the audit entry
		expect(after.body).not.toBe(before.body);
		expect(after.etag).not.toBe(before.etag);
		// The old ETag no longer matches: the browser gets the new page, not a 304.
		expect((await get(PAGE, direction, { 'if-none-match': before.etag! })).status).toBe(200);
	});

	it('shows values imported by the command line, in another process, on the next request', async () => {
		const page = '/obiettivi/2022/2022-A1-OP-01';
		const before = await get(page, direction);
		expect((await get(page, direction)).cache).toBe('hit');
		const dir = tempDir('cache-import');
		fs.writeFileSync(path.join(dir, 'misurazioni.csv'), 'codice_indicatore,data,valore\n2022-A1-OP-01-I03,2022-12-31,5\n');
		const run = await runCli(['src/cli/import.ts', path.join(dir, 'misurazioni.csv'), '--db', server.databasePath]);
		expect(run.status, run.stderr).toBe(0);
		const after = await get(page, direction);
		expect(after.cache).toBe('miss');
		const valuesOfI03 = (body: string) => body.slice(body.indexOf('id="2022-A1-OP-01-I03-title"'), body.indexOf('id="2022-A1-OP-01-I04-title"'));
		expect(valuesOfI03(before.body)).toContain('Nessun valore rilevato');
		expect(valuesOfI03(after.body)).not.toContain('Nessun valore rilevato');
		expect(valuesOfI03(after.body)).toContain('31/12/2022');
	});

	it('sends pages compressed when the browser accepts it, with an ETag per encoding that revalidates', async () => {
		const raw = (headers: Record<string, string>) =>
			new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
				http.get(server.url + PAGE, { headers: { cookie: direction, ...headers } }, (res) => {
					const chunks: Buffer[] = [];
					res.on('data', (d: Buffer) => chunks.push(d));
					res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
				}).on('error', reject);
			});
		const plain = await raw({});
		const br = await raw({ 'accept-encoding': 'gzip, deflate, br' });
		expect(br.headers['content-encoding']).toBe('br');
		expect(br.body.length).toBeLessThan(plain.body.length / 2);
		expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
		expect(br.headers.etag).toBe(plain.headers.etag!.replace(/"$/, '-br"'));
		const again = await raw({ 'accept-encoding': 'br', 'if-none-match': br.headers.etag! });
		expect(again.status).toBe(304);
	});
});

describe('without the page cache (PAGE_CACHE_MB=0)', () => {
	let uncached: RunningServer;
	beforeAll(async () => {
		// A second server process on the same database: sessions are in the database, so the cookie holds.
		uncached = await startServer({ DATABASE_PATH: server.databasePath, PAGE_CACHE_MB: '0' });
	});
	afterAll(async () => {
		await uncached?.stop();
	});
	// Plain HTTP without Accept-Encoding: the bytes and the headers exactly as the server sends them.
	const getFrom = (base: string, page: string, headers: Record<string, string> = {}) =>
		new Promise<{ status: number; body: Buffer; etag?: string; length?: string; cache?: string; queries: number }>((resolve, reject) => {
			http.get(base + page, { headers: { cookie: direction, ...headers } }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (d: Buffer) => chunks.push(d));
				res.on('end', () => {
					const queries = Number(/db;desc="(\d+) query"/.exec(String(res.headers['server-timing'] ?? ''))?.[1]);
					resolve({ status: res.statusCode!, body: Buffer.concat(chunks), etag: res.headers.etag, length: res.headers['content-length'], cache: res.headers['cache-control'], queries });
				});
			}).on('error', reject);
		});

	it('sends the same bytes as the cached server, with their exact length, and an ETag of its own', async () => {
		for (const page of ['/', PAGE, '/dirigenti/1', '/cerca?q=scuola']) {
			const [cached, rendered] = [await getFrom(server.url, page), await getFrom(uncached.url, page)];
			expect(rendered.status, page).toBe(200);
			expect(rendered.body.equals(cached.body), page).toBe(true);
			expect(Number(rendered.length), page).toBe(rendered.body.byteLength);
			// Italian text from the plan travels intact (two-byte characters in the page's string).
			expect(rendered.body.toString('utf8'), page).toMatch(/[’–—àèéìòù]/);
			expect(rendered.etag, page).toMatch(/^"[\w-]{22}"$/);
			// Another process: its tags never match the first one's (the data revision's counters are per process).
			expect(rendered.etag, page).not.toBe(cached.etag);
			expect(rendered.cache, page).toBe('private, no-cache');
		}
	});

	it('answers a revalidation with 304 before rendering, and renders again once the data moved', async () => {
		const first = await getFrom(uncached.url, PAGE);
		expect(first.queries).toBeGreaterThan(5);
		const revalidated = await getFrom(uncached.url, PAGE, { 'if-none-match': first.etag! });
		expect([revalidated.status, revalidated.body.byteLength]).toEqual([304, 0]);
		expect(revalidated.queries).toBeLessThanOrEqual(2); // the session and the revision token: nothing rendered
		const id = /name="indicatore" value="(\d+)"/.exec(first.body.toString())![1];
		const saved = await uncached.action(`${PAGE}?/target`, { indicatore: id, target: '45', motivazione: 'prova senza cache' }, direction);
		expect(saved.body.type).toBe('success');
		const after = await getFrom(uncached.url, PAGE, { 'if-none-match': first.etag! });
		expect(after.status).toBe(200);
		expect(after.body.toString()).toContain('prova senza cache');
		expect(after.etag).not.toBe(first.etag);
	});

	it('never answers 304 to another user’s tag: the other user gets his own page', async () => {
		const asDirection = await getFrom(uncached.url, PAGE);
		const director = await server.signIn('paolo.benedetti');
		const forged = await getFrom(uncached.url, PAGE, { cookie: director, 'if-none-match': asDirection.etag! });
		expect(forged.status).toBe(200);
		expect(forged.body.toString()).not.toContain('Modifica il target'); // the director's view, not the direction's
		expect(forged.etag).not.toBe(asDirection.etag);
		// A list of tags, one of them his own, is answered as the standard says.
		const own = await getFrom(uncached.url, PAGE, { cookie: director, 'if-none-match': `${asDirection.etag}, W/${forged.etag}` });
		expect(own.status).toBe(304);
	});
});

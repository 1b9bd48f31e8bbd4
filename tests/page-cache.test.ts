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

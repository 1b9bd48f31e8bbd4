/**
 * What it costs Node, on this machine, to send a page that was just made as a string, against sending
 * bytes it already has (a static file): `npx tsx bench/response-cost.ts [--seconds 5]`.
 *
 * Why it exists: pages rendered from scratch (`PAGE_CACHE_MB=0`) serve 6–7 % of the requests per second
 * of their static twin, and a CPU profile puts most of the time outside the page's own code: in the hash
 * SvelteKit computes over the HTML, in garbage collection, in writing. This probe takes SvelteKit and
 * the page away and keeps only the string. A server in a child process answers every request in one of
 * four ways, with the same bytes:
 *
 * - `bytes`: a Buffer made once (what a static file costs);
 * - `string`: a new string each time (pieces joined, as a render makes it), through a web `Response`
 *   and its stream, as SvelteKit and adapter-node send a page;
 * - `string, hashed`: the same, after reading the string once as SvelteKit's ETag does (which makes V8
 *   flatten it into one block of memory);
 * - `string, Latin-1`: as `string, hashed`, but every character fits one byte (no ’ – ✓ in it).
 *
 * A string over 64.000 characters with any character outside Latin-1 takes two bytes a character, and
 * V8 gives any object over 128 KiB pages of its own, fresh from the kernel each time; the first touch
 * of each 4 KiB page is a page fault, slow on this virtual machine (about 12 µs against well under 1 µs
 * on bare metal). The table shows what that does to the requests per second at a page's sizes.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { load } from './lib/load';

const MODES = ['bytes', 'string', 'string, hashed', 'string, Latin-1'] as const;
type Mode = (typeof MODES)[number];

/** SvelteKit's own ETag hash (djb2 over the characters, from the end): it reads every character. */
function djb2(value: string): string {
	let hash = 5381;
	let i = value.length;
	while (i) hash = (hash * 33) ^ value.charCodeAt(--i);
	return (hash >>> 0).toString(36);
}

/** A page-like text of `size` characters made of short pieces, as a render joins them. */
function pieces(size: number, latin1: boolean): string[] {
	const piece = latin1 ? '<td class="num">84,6 %</td><td>In linea</td>' : '<td class="num">84,6 %</td><td>✓ In linea – l’ente</td>';
	return Array.from({ length: Math.ceil(size / piece.length) }, () => piece);
}

async function serve(mode: Mode, size: number): Promise<void> {
	const parts = pieces(size, mode === 'string, Latin-1');
	const once = Buffer.from(parts.join(''));
	const server = http.createServer(async (_req, res) => {
		if (mode === 'bytes') {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': once.length });
			res.end(once);
			return;
		}
		let html = '';
		for (const p of parts) html += p;
		if (mode !== 'string') res.setHeader('etag', `"${djb2(html)}"`);
		const body = new Response(html).body!.getReader();
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		for (;;) {
			const { done, value } = await body.read();
			if (done) break;
			res.write(value);
		}
		res.end();
	});
	server.listen(0, '127.0.0.1', () => process.send!((server.address() as { port: number }).port));
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const seconds = argv[0] === '--seconds' ? Number(argv[1]) : 5;
	console.log(`| caratteri | ${MODES.join(' | ')} |`);
	console.log(`| ---: | ${MODES.map(() => '---:').join(' | ')} |`);
	for (const size of [38_000, 140_000, 250_000]) {
		const cells: string[] = [];
		for (const mode of MODES) {
			const child = fork(fileURLToPath(import.meta.url), ['--child', mode, String(size)], { execArgv: process.execArgv });
			const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
			const r = await load(`http://127.0.0.1:${port}/`, { connections: 10, seconds });
			child.kill();
			cells.push(`${Math.round(r.rps).toLocaleString('it-IT')} req/s`);
		}
		console.log(`| ${size.toLocaleString('it-IT')} | ${cells.join(' | ')} |`);
	}
}

if (process.argv[2] === '--child') void serve(process.argv[3] as Mode, Number(process.argv[4]));
else await main();

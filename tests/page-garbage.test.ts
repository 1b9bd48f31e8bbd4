/**
 * What a rendered page leaves behind for V8's young-generation collector
 * (src/lib/server/render/plain-root-render.ts).
 *
 * The built server's own request handler (build/handler.js, as `npm start` runs it) answers in a child
 * node process started with --expose-gc; the client is a raw socket in the same process, so that nearly
 * everything allocated between two collections is the server's. After each response the child runs a young
 * collection and reads what survived it: in the young generation, and in the old generation's space for
 * large objects (strings over 128 KiB, such as a page's HTML, go there when they survive).
 * Measured on the shipped plan's overview (137 kB of HTML, 274 kB in memory):
 * - with svelte/legacy's render result (a new hidden class per request, whose getters held the render), the
 *   page's rope survived: 30 % of what a request allocated (0,38 of 1,25 MB);
 * - with session 8's copy of the HTML into one string, 6 % survived, but the copy itself (274 kB) was
 *   promoted to the old generation on every request;
 * - with the plain render result, neither.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/server';

const HANDLER = path.resolve('build/handler.js');

const PROBE = `
import http from 'node:http';
import net from 'node:net';
import v8 from 'node:v8';
const { handler } = await import(${JSON.stringify(HANDLER)});
const server = http.createServer((req, res) => handler(req, res, () => { res.statusCode = 404; res.end(); }));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const socket = net.connect(server.address().port, '127.0.0.1');
await new Promise((r) => socket.once('connect', r));

/** One GET on the kept-alive socket; resolves with the status and body length once the whole body arrived. */
function get(path) {
	return new Promise((resolve) => {
		let head = null, length = 0, got = 0, status = 0, buffered = Buffer.alloc(0);
		const onData = (chunk) => {
			if (head === null) {
				buffered = Buffer.concat([buffered, chunk]);
				const end = buffered.indexOf('\\r\\n\\r\\n');
				if (end < 0) return;
				head = buffered.subarray(0, end).toString('latin1');
				status = Number(head.split(' ')[1]);
				length = Number(/content-length: *(\\d+)/i.exec(head)?.[1] ?? 0);
				got = buffered.length - end - 4;
			} else got += chunk.length;
			if (got >= length) { socket.off('data', onData); resolve({ status, length }); }
		};
		socket.on('data', onData);
		socket.write('GET ' + path + ' HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nAccept-Encoding: identity\\r\\nConnection: keep-alive\\r\\n\\r\\n');
	});
}

const space = (name) => v8.getHeapSpaceStatistics().find((s) => s.space_name === name).space_used_size;
const young = () => space('new_space');
const large = () => space('large_object_space');
// Large objects made young (a flattened page, when it is made) start here, and are promoted to the space above if they survive.
const youngLarge = () => space('new_large_object_space');
for (let i = 0; i < 5; i++) await get(process.env.PROBE_PATH); // the server's start-up work and first renders
const rounds = [];
let status = 0, length = 0;
for (let i = 0; i < 12; i++) {
	gc({ type: 'minor' }); gc({ type: 'minor' });
	const before = young();
	const largeBefore = large();
	const youngLargeBefore = youngLarge();
	({ status, length } = await get(process.env.PROBE_PATH));
	const allocated = young() - before;
	const allocatedLarge = youngLarge() - youngLargeBefore + large() - largeBefore;
	await new Promise((r) => setTimeout(r, 5));
	gc({ type: 'minor' });
	rounds.push({ allocated, allocatedLarge, survived: young(), promotedLarge: large() - largeBefore });
}
console.log(JSON.stringify({ status, length, rounds }));
socket.destroy();
process.exit(0);
`;

interface Probe {
	status: number;
	length: number;
	rounds: { allocated: number; allocatedLarge: number; survived: number; promotedLarge: number }[];
}

function probe(pagePath: string): Promise<Probe> {
	return new Promise((resolve, reject) => {
		const env = { ...process.env, PROBE_PATH: pagePath, DATABASE_PATH: path.join(tempDir('garbage'), 'db.sqlite'), INITIAL_ACCOUNTS: 'no', PAGE_CACHE_MB: '0' };
		const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', PROBE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (err += d));
		child.on('exit', (code) => {
			const line = out.split('\n').find((l) => l.startsWith('{"status"'));
			if (code !== 0 || !line) reject(new Error(`probe exited ${code}: ${err || out}`));
			else resolve(JSON.parse(line) as Probe);
		});
	});
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('la memoria dopo una pagina resa', () => {
	it('dopo la risposta della panoramica non resta né la corda dell’HTML né una sua copia', async () => {
		const r = await probe('/');
		expect(r.status).toBe(200);
		expect(r.length).toBeGreaterThan(70_000); // in UTF-16 over 128 KiB: its flat copies are large objects
		const allocated = median(r.rounds.map((x) => x.allocated));
		const survived = median(r.rounds.map((x) => x.survived));
		expect(allocated).toBeGreaterThan(200_000);
		// The rope's pieces die young (30 % of the allocation survived while a render result held them).
		expect(survived / allocated).toBeLessThan(0.15);
		// No page-sized string is promoted either (a flat copy of this page is about 270 kB).
		expect(median(r.rounds.map((x) => x.promotedLarge))).toBeLessThan(50_000);
		// Nor even made: the body goes from Svelte to the socket in flat pieces of 32 kB at most
		// (src/lib/server/render/body-chunks.ts), none in V8's space for large objects, whose fresh pages
		// cost a hundred page faults per request on the director page at 100 times the plan.
		expect(median(r.rounds.map((x) => x.allocatedLarge))).toBeLessThan(50_000);
	}, 60_000);
});

describe('le funzioni di SvelteKit sostituite nel server (src/lib/vite/kit-server-replacements-plugin.js)', () => {
	it('nel server costruito i load ricevono trackedUrl, non make_trackable di SvelteKit, e la CSP usa cspSha256', () => {
		const dir = path.resolve('build/server/chunks');
		const code = (fs.readdirSync(dir, { recursive: true }) as string[])
			.filter((f) => f.endsWith('.js'))
			.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
			.join('\n');
		// SvelteKit's load_data passes event.url to the tracker: now to ours.
		expect(code).toMatch(/trackedUrl\(event\.url,/);
		expect(code).not.toMatch(/make_trackable\(event\.url,/);
		// SvelteKit's way of tracking (accessors defined on the copy of the URL) is gone from the server.
		expect(code).not.toContain('tracked_url_properties');
		// The CSP's hashes come from Node's crypto, not from SvelteKit's SHA-256 in JavaScript.
		expect(code).toMatch(/sha256-\$\{cspSha256\(content\)\}/);
		expect(code).not.toContain('function reverse_endianness(');
		// devalue's uneval has the way through for plain data in front (fast-uneval.ts).
		expect(code).toContain('withFastPath(uneval_of_devalue)');
		// Svelte's renderer sets the body aside in flat pieces when plainRender asks for them.
		expect(code).toContain('sealBodyChunk(content)');
		expect(code).toMatch(/chunks: options\.bodyChunks/);
	});
});

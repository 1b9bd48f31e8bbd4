/**
 * Hand probe (not part of npm run bench): the loads of bench/lib/pages-bench.ts on the shipped server
 * (four pages: data unchanged, one write a second from another connection, the static twin), on a database
 * already filled (no import: 2,5 minutes instead of 4), then the server's memory after each page and
 * malloc's main arena at the end. The database is written to: give it a copy.
 *
 *   npx vite build && npx tsx bench/memory-probe.ts <copy.sqlite> <port> [node options…]
 *
 * The node options replace package.json's (pass --max-semi-space-size=8 to measure the server as shipped).
 * PROBE_RENDER=1 then measures the pages rendered from scratch (PAGE_CACHE_MB=0); PROBE_SNAPSHOT=<dir>
 * asks for a heap snapshot after the loads (with --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=<dir>).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { load } from './lib/load';
import { memoryOf } from './lib/server';

const [dbFile, portArg, ...flags] = process.argv.slice(2);
const port = Number(portArg);
const PAGES = ['/', '/dirigenti/1', '/obiettivi/2022/2022-B7-OP-01', '/cerca?q=scuola'];

function start(env: Record<string, string> = {}) {
	const child = spawn(process.execPath, [...flags, 'scripts/serve.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: dbFile, INITIAL_ACCOUNTS: 'no', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (out += d));
	const ready = new Promise<void>((resolve, reject) => {
		const t = setInterval(() => {
			if (/Valutazioni preparate|non riuscita/.test(out)) { clearInterval(t); resolve(); }
		}, 50);
		child.once('exit', (c) => reject(new Error('exit ' + c + out)));
	});
	return { child, ready, out: () => out, stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) };
}
const url = `http://127.0.0.1:${port}`;
const smaps = (pid: number) => {
	const s = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
	const g = (k: string) => Math.round(Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1]) / 1024);
	return `rss ${g('Rss')} anon ${g('Anonymous')} file ${g('Rss') - g('Anonymous')}`;
};
const mib = (n: number) => Math.round(n / 2 ** 20);

const first = start();
await first.ready;
fs.mkdirSync('build/client/_bench', { recursive: true });
const sizes: number[] = [];
for (const [i, p] of PAGES.entries()) {
	const body = Buffer.from(await (await fetch(url + p)).arrayBuffer());
	fs.writeFileSync(`build/client/_bench/probe-${i}.html`, body);
	sizes.push(body.length);
}
await first.stop();

const db = new Database(dbFile);
db.pragma('busy_timeout = 5000');
const row = db.prepare("SELECT id FROM measurement WHERE state <> 'validato' AND value IS NOT NULL ORDER BY id LIMIT 1").get() as { id: number };
const touch = db.prepare('UPDATE measurement SET value = value + ? WHERE id = ?');
let step = 1;
const write = () => { touch.run(step, row.id); step = -step; };

const s = start();
await s.ready;
const m0 = memoryOf(s.child.pid!)!;
console.log(`start: ${mib(m0.rss)} MiB (${smaps(s.child.pid!)})`);
const rps: string[] = [];
for (const [i, p] of PAGES.entries()) {
	for (let k = 0; k < 6; k++) { write(); await (await fetch(url + p)).arrayBuffer(); }
	await load(url + p, { connections: 10, seconds: 2 });
	const c = await load(url + p, { connections: 10, seconds: 10 });
	const timer = setInterval(write, 1000);
	await load(url + p, { connections: 10, seconds: 2 });
	const w = await load(url + p, { connections: 10, seconds: 10 }).finally(() => clearInterval(timer));
	await load(`${url}/_bench/probe-${i}.html`, { connections: 10, seconds: 2 });
	const st = await load(`${url}/_bench/probe-${i}.html`, { connections: 10, seconds: 10 });
	const m = memoryOf(s.child.pid!)!;
	rps.push(`${p}: cache ${c.rps.toFixed(0)} scritture ${w.rps.toFixed(0)} (p95 ${w.p95.toFixed(0)}) static ${st.rps.toFixed(0)}`);
	console.log(`${p}: ${mib(m.rss)} MiB (${smaps(s.child.pid!)}) peak ${mib(m.peak)} | ${rps.at(-1)}`);
}
const m = memoryOf(s.child.pid!)!;
console.log(`FINAL ${mib(m.rss)} MiB peak ${mib(m.peak)} (${smaps(s.child.pid!)})`);
{
	// malloc's main arena ([heap]) and the other anonymous mappings by size
	const text = fs.readFileSync(`/proc/${s.child.pid}/smaps`, 'utf8');
	const parts = text.split(/\n(?=[0-9a-f]+-[0-9a-f]+ )/);
	let heap = 0, arenas = 0;
	for (const p of parts) {
		const rss = Number(/^Rss:\s+(\d+)/m.exec(p)?.[1] ?? 0) / 1024;
		const size = Number(/^Size:\s+(\d+)/m.exec(p)?.[1] ?? 0) / 1024;
		if (p.includes('[heap]')) heap += rss;
		else if (!/\s\//.test(p.split('\n')[0]) && (size === 64 || (size > 60 && size < 64))) arenas += rss;
	}
	console.log(`malloc main arena ${heap.toFixed(0)} MiB, thread-arena-like 64 MiB mappings ${arenas.toFixed(0)} MiB`);
}
if (process.env.PROBE_SNAPSHOT) {
	const dir = process.env.PROBE_SNAPSHOT;
	process.kill(s.child.pid!, 'SIGUSR2');
	let last = -1;
	for (;;) {
		await new Promise((r) => setTimeout(r, 1000));
		const f = fs.readdirSync(dir).find((x) => x.endsWith('.heapsnapshot'));
		if (!f) continue;
		const size = fs.statSync(`${dir}/${f}`).size;
		if (size === last && size > 0) break;
		last = size;
	}
}
if (process.env.PROBE_RENDER) {
	await s.stop();
	const r = start({ PAGE_CACHE_MB: '0' });
	await r.ready;
	for (const p of PAGES) {
		await load(url + p, { connections: 10, seconds: 2 });
		const x = await load(url + p, { connections: 10, seconds: 10 });
		console.log(`render ${p}: ${x.rps.toFixed(0)} req/s p95 ${x.p95.toFixed(1)}`);
	}
	const mr = memoryOf(r.child.pid!)!;
	console.log(`render FINAL ${mib(mr.rss)} MiB`);
	await r.stop();
} else await s.stop();
db.close();
for (let i = 0; i < PAGES.length; i++) fs.rmSync(`build/client/_bench/probe-${i}.html`, { force: true });
fs.writeFileSync('/tmp/wt16y/last-out.txt', s.out());

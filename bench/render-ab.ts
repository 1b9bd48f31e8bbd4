/**
 * Hand probe (not part of npm run bench): server variants compared on the same database, alternated round
 * after round, since on a shared machine two runs minutes apart differ by more than a setting does. Per
 * variant: the warm-up's time, the first overview after a write from another connection (median of five),
 * then for each page rendered from scratch (PAGE_CACHE_MB=0) requests per second and the server's CPU
 * time per request, and the RSS at the end. A variant is JSON: {"flags": [node options], "env": {…}}.
 *
 *   npx tsx bench/render-ab.ts <copy.sqlite> <port> <rounds> '{"flags":["--max-semi-space-size=8"]}' '{…}'
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { load } from './lib/load';
import { memoryOf } from './lib/server';

const [dbFile, portArg, roundsArg, ...variants] = process.argv.slice(2);
const port = Number(portArg);
const url = `http://127.0.0.1:${port}`;
const PAGES = ['/', '/dirigenti/1', '/obiettivi/2022/2022-B7-OP-01', '/cerca?q=scuola'];
const db = new Database(dbFile);
const row = db.prepare("SELECT id FROM measurement WHERE state <> 'validato' AND value IS NOT NULL ORDER BY id LIMIT 1").get() as { id: number };
const touch = db.prepare('UPDATE measurement SET value = value + ? WHERE id = ?');
let step = 1;
for (let round = 0; round < Number(roundsArg); round++) {
	for (const v of variants) {
		const { flags = [], env = {} } = JSON.parse(v) as { flags?: string[]; env?: Record<string, string> };
		const child = spawn(process.execPath, [...flags, 'scripts/serve.js'], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: dbFile, INITIAL_ACCOUNTS: 'no', PAGE_CACHE_MB: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		await new Promise<void>((r) => { const t = setInterval(() => { if (/Valutazioni preparate/.test(out)) { clearInterval(t); r(); } }, 50); });
		const res: string[] = [/preparate in (\d+)/.exec(out)?.[1] + 'ms'];
		// cold: first overview after an external write, median of 5
		const colds: number[] = [];
		for (let k = 0; k < 6; k++) { touch.run(step, row.id); step = -step; const t = performance.now(); await (await fetch(url + '/')).arrayBuffer(); if (k) colds.push(performance.now() - t); }
		res.push('cold ' + colds.sort((a, b) => a - b)[2].toFixed(0));
		const cpu = () => { const f = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
		for (const p of PAGES) {
			await load(url + p, { connections: 10, seconds: 2 });
			const c0 = cpu();
			const r = await load(url + p, { connections: 10, seconds: 5 });
			res.push(`${r.rps.toFixed(0)}/${((cpu() - c0) / r.requests).toFixed(2)}ms`);
		}
		res.push(Math.round(memoryOf(child.pid!)!.rss / 2 ** 20) + 'MiB');
		console.log(`round ${round} ${v}: ${res.join(' ')}  load ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
		await new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); });
	}
}
db.close();

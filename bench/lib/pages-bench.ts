/**
 * Pages under load on the built server, each beside a static file of the same byte size served by the
 * same server process.
 *
 * For one scale: a first start on an empty database imports the data folder (SEED_DIRS) and every page
 * is fetched once; its exact bytes are written as a static file into build/client/_bench/, which
 * adapter-node's static handler (sirv, in the same Node process, in front of SvelteKit) serves. sirv
 * lists its files when the server starts, so the server is then restarted on the same database and
 * each page, then its static twin, gets `connections` connections for `seconds` after a warm-up.
 * INITIAL_ACCOUNTS=no: no accounts are created, so the dashboard is open to the load generator as it is
 * before anyone sets up accounts (signed in, a page costs one more small query: the session).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, type LoadResult } from './load';
import { memoryOf, startServer } from './server';
import { gzipBytes, weightOf, type Weight } from './weight';

export interface PageSpec {
	name: string;
	path: string;
	/** Pages with charts have the larger JavaScript budget. */
	charts: boolean;
}

export const PAGES: PageSpec[] = [
	{ name: 'panoramica', path: '/', charts: false },
	{ name: 'dirigente', path: '/dirigenti/1', charts: false },
	{ name: 'obiettivo', path: '/obiettivi/2022/2022-B7-OP-01', charts: true },
	{ name: 'ricerca', path: '/cerca?q=scuola', charts: false }
];

export interface PageResult {
	page: PageSpec;
	bytes: number;
	htmlGzip: number;
	queries: number | null;
	weight: Weight;
	dynamic: LoadResult;
	static: LoadResult;
}

export interface ScaleResult {
	scale: number;
	objectives: string;
	seedSeconds: number;
	pages: PageResult[];
	memory: { rss: number; peak: number } | null;
}

export const STATIC_DIR = 'build/client/_bench';

export async function benchPages(options: {
	scale: number;
	dataDir: string;
	connections: number;
	seconds: number;
	warmup: number;
	log: (m: string) => void;
}): Promise<ScaleResult> {
	const { log } = options;
	const work = fs.mkdtempSync(path.join(os.tmpdir(), `cruscotto-bench-pages-${options.scale}-`));
	const databasePath = path.join(work, 'bench.sqlite');
	const staticFiles: string[] = [];
	try {
		// 1. First start: import the data, fetch every page once.
		const seeding = await startServer({ DATABASE_PATH: databasePath, SEED_DIRS: options.dataDir, INITIAL_ACCOUNTS: 'no' });
		const loaded = /\((piano caricato[^)]*)\)/.exec(seeding.output())?.[1] ?? '';
		log(`  scala ${options.scale}: server avviato in ${(seeding.startMillis / 1000).toFixed(1)} s (${loaded})`);
		const fetched: Array<{ page: PageSpec; body: Buffer; queries: number | null; weight: Weight }> = [];
		try {
			for (const page of PAGES) {
				const { res, body } = await fetchWithRetry(seeding.url + page.path, seeding.output);
				if (res.status !== 200) throw new Error(`${page.path}: HTTP ${res.status}\n${body.toString().slice(0, 500)}`);
				const queries = /db;desc="(\d+) query"/.exec(res.headers.get('server-timing') ?? '')?.[1];
				fetched.push({ page, body, queries: queries ? Number(queries) : null, weight: weightOf(body.toString('utf8'), res.headers.get('link')) });
			}
		} finally {
			await seeding.stop();
		}

		fs.mkdirSync(STATIC_DIR, { recursive: true });
		for (const f of fetched) {
			const file = path.join(STATIC_DIR, `scala-${options.scale}-${f.page.name}.html`);
			fs.writeFileSync(file, f.body);
			staticFiles.push(file);
		}

		// 2. Second start on the same database: the pages and their static twins under load.
		const server = await startServer({ DATABASE_PATH: databasePath, INITIAL_ACCOUNTS: 'no' });
		const results: PageResult[] = [];
		let memory: ScaleResult['memory'] = null;
		try {
			const run = async (url: string, expectBytes: number) => {
				if (options.warmup > 0) await load(url, { connections: options.connections, seconds: options.warmup });
				const r = await load(url, { connections: options.connections, seconds: options.seconds });
				if (r.failures > 0) throw new Error(`${url}: ${r.failures} risposte non riuscite\n${server.output().slice(-2000)}`);
				if (r.requests === 0) throw new Error(`${url}: nessuna risposta in ${options.seconds} s\n${server.output().slice(-2000)}`);
				// The static twin must really be the same size (headers aside): a 404 page would not be.
				if (Math.abs(r.bytesPerResponse - expectBytes) > expectBytes * 0.05 + 2048) {
					throw new Error(`${url}: ${Math.round(r.bytesPerResponse)} byte per risposta, attesi circa ${expectBytes}`);
				}
				return r;
			};
			for (const f of fetched) {
				const dynamic = await run(server.url + f.page.path, f.body.length);
				const staticRun = await run(`${server.url}/_bench/scala-${options.scale}-${f.page.name}.html`, f.body.length);
				log(
					`  scala ${options.scale} ${f.page.path}: p95 ${dynamic.p95.toFixed(1)} ms, ${dynamic.rps.toFixed(0)} req/s ` +
						`(file statico: p95 ${staticRun.p95.toFixed(1)} ms, ${staticRun.rps.toFixed(0)} req/s)`
				);
				results.push({ page: f.page, bytes: f.body.length, htmlGzip: gzipBytes(f.body), queries: f.queries, weight: f.weight, dynamic, static: staticRun });
			}
			memory = memoryOf(server.pid);
		} finally {
			await server.stop();
		}
		return { scale: options.scale, objectives: loaded, seedSeconds: seeding.startMillis / 1000, pages: results, memory };
	} finally {
		for (const file of staticFiles) fs.rmSync(file, { force: true });
		if (fs.existsSync(STATIC_DIR) && fs.readdirSync(STATIC_DIR).length === 0) fs.rmdirSync(STATIC_DIR);
		fs.rmSync(work, { recursive: true, force: true });
	}
}

/** A page fetched once; a connection refused or reset right after start is retried (three tries). */
async function fetchWithRetry(url: string, output: () => string): Promise<{ res: Response; body: Buffer }> {
	for (let attempt = 1; ; attempt++) {
		try {
			const res = await fetch(url);
			return { res, body: Buffer.from(await res.arrayBuffer()) };
		} catch (e) {
			if (attempt >= 3) throw new Error(`${url}: ${e instanceof Error ? `${e.message} (${String(e.cause)})` : e}\n${output().slice(-2000)}`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
}

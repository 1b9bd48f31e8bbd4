/**
 * Pages under load on the built server, each beside a static file of the same byte size served by the
 * same server process.
 *
 * For one scale: a first start on an empty database imports the data folder (SEED_DIRS) and every page
 * is fetched once; its exact bytes are written as a static file into build/client/_bench/, which
 * adapter-node's static handler (sirv, in the same Node process, in front of SvelteKit) serves. sirv
 * lists its files when the server starts, so the server is then restarted on the same database and
 * each page, then its static twin, gets `connections` connections for `seconds` after a warm-up.
 *
 * Each page runs in three modes, because the page cache makes the steady state cheap and the cost then
 * moves to the first request after a change:
 * - `cache`: the server as shipped, data unchanged during the run (readers between two data entries);
 * - `scritture`: the same, while another connection rewrites a value every second: each write drops
 *   the page cache, and the next request renders again from the evaluations carried over the write
 *   (the change log's triggers tell the server which objective it touched);
 * - `rendering`: a server started with PAGE_CACHE_MB=0, every request rendered (the evaluation memo
 *   still reuses the plan's evaluation).
 * And the time of one request right after a write (median of five, no other load): the cold cost.
 * INITIAL_ACCOUNTS=no: no accounts are created, so the dashboard is open to the load generator as it is
 * before anyone sets up accounts (signed in, a page costs one more small query: the session).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
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

export type Mode = 'cache' | 'scritture' | 'rendering';

/** The static twin's rate beside the page rendered from scratch: the mean of the loads before and after it. */
export function twinRps(twin: { before: LoadResult; after: LoadResult }): number {
	return (twin.before.rps + twin.after.rps) / 2;
}
export const MODES: Mode[] = ['cache', 'scritture', 'rendering'];

export interface PageResult {
	page: PageSpec;
	bytes: number;
	htmlGzip: number;
	queries: number | null;
	weight: Weight;
	/** One request right after a write, no other load: median of five, in milliseconds. */
	coldMillis: number;
	modes: Record<Mode, LoadResult>;
	static: LoadResult;
	/**
	 * The static twin served by the server without the page cache, right before and right after the page
	 * rendered from scratch: the reference for that mode. This machine changes speed by up to 50 % within
	 * minutes, and the other static measure is taken minutes earlier, by another server.
	 */
	renderingStatic: { before: LoadResult; after: LoadResult };
}

export interface ScaleResult {
	scale: number;
	objectives: string;
	seedSeconds: number;
	pages: PageResult[];
	memory: { rss: number; peak: number; anon: number; file: number } | null;
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

		// 2. Second start on the same database: the pages as shipped, and their static twins.
		const writer = new DataWriter(databasePath);
		const modes = new Map<string, Partial<Record<Mode, LoadResult>>>();
		const colds = new Map<string, number>();
		const statics = new Map<string, LoadResult>();
		let memory: ScaleResult['memory'] = null;
		const runOn = (server: { url: string; output(): string }) => async (url: string, expectBytes: number, silenceIsAResult = false) => {
			if (options.warmup > 0) await load(url, { connections: options.connections, seconds: options.warmup });
			const r = await load(url, { connections: options.connections, seconds: options.seconds });
			if (r.failures > 0) throw new Error(`${url}: ${r.failures} risposte non riuscite\n${server.output().slice(-2000)}`);
			// Under writes from another process the server may answer nothing in the whole run (each such
			// write makes it evaluate everything again): that is the measure, reported as such, not a crash.
			if (r.requests === 0 && silenceIsAResult) {
				log(`  scala ${options.scale} ${url}: nessuna risposta in ${options.seconds} s con le scritture di un altro processo`);
				return r;
			}
			if (r.requests === 0) throw new Error(`${url}: nessuna risposta in ${options.seconds} s\n${server.output().slice(-2000)}`);
			// The static twin must really be the same size (headers aside): a 404 page would not be.
			if (Math.abs(r.bytesPerResponse - expectBytes) > expectBytes * 0.05 + 2048) {
				throw new Error(`${url}: ${Math.round(r.bytesPerResponse)} byte per risposta, attesi circa ${expectBytes}`);
			}
			return r;
		};
		const shipped = await startServer({ DATABASE_PATH: databasePath, INITIAL_ACCOUNTS: 'no' });
		try {
			const run = runOn(shipped);
			for (const f of fetched) {
				const url = shipped.url + f.page.path;
				colds.set(f.page.path, await coldRequestMillis(url, writer));
				const cache = await run(url, f.body.length);
				const writes = writer.everySecond();
				const scritture = await run(url, f.body.length, true).finally(writes.stop);
				statics.set(f.page.path, await run(`${shipped.url}/_bench/scala-${options.scale}-${f.page.name}.html`, f.body.length));
				modes.set(f.page.path, { cache, scritture });
				log(
					`  scala ${options.scale} ${f.page.path}: p95 ${cache.p95.toFixed(1)} ms, ${cache.rps.toFixed(0)} req/s; ` +
						`con una scrittura al secondo (${writes.count()}) p95 ${scritture.p95.toFixed(1)} ms; dopo una scrittura ${colds.get(f.page.path)!.toFixed(1)} ms ` +
						`(file statico: p95 ${statics.get(f.page.path)!.p95.toFixed(1)} ms, ${statics.get(f.page.path)!.rps.toFixed(0)} req/s)`
				);
			}
			memory = memoryOf(shipped.pid);
		} finally {
			await shipped.stop();
		}

		// 3. Third start, without the page cache: what rendering a page costs, between two loads of its
		// static twin on the same server (half as long each), so that both are measured at the same time.
		const rendering = await startServer({ DATABASE_PATH: databasePath, INITIAL_ACCOUNTS: 'no', PAGE_CACHE_MB: '0' });
		const renderingStatics = new Map<string, PageResult['renderingStatic']>();
		try {
			const run = runOn(rendering);
			const twinLoad = { ...options, seconds: Math.max(2, options.seconds / 2) };
			const runTwin = async (f: (typeof fetched)[number]) => {
				const url = `${rendering.url}/_bench/scala-${options.scale}-${f.page.name}.html`;
				if (twinLoad.warmup > 0) await load(url, { connections: twinLoad.connections, seconds: twinLoad.warmup });
				const r = await load(url, { connections: twinLoad.connections, seconds: twinLoad.seconds });
				if (r.failures > 0 || r.requests === 0 || Math.abs(r.bytesPerResponse - f.body.length) > f.body.length * 0.05 + 2048) {
					throw new Error(`${url}: ${r.failures} risposte non riuscite, ${r.requests} richieste, ${Math.round(r.bytesPerResponse)} byte per risposta`);
				}
				return r;
			};
			for (const f of fetched) {
				const before = await runTwin(f);
				const r = await run(rendering.url + f.page.path, f.body.length);
				const after = await runTwin(f);
				modes.get(f.page.path)!.rendering = r;
				renderingStatics.set(f.page.path, { before, after });
				log(
					`  scala ${options.scale} ${f.page.path} senza cache di pagina: p95 ${r.p95.toFixed(1)} ms, ${r.rps.toFixed(0)} req/s ` +
						`(file statico prima e dopo: ${before.rps.toFixed(0)} e ${after.rps.toFixed(0)} req/s, quota ${((100 * r.rps) / twinRps({ before, after })).toFixed(1)} %)`
				);
			}
		} finally {
			await rendering.stop();
			writer.close();
		}

		const results: PageResult[] = fetched.map((f) => ({
			page: f.page,
			bytes: f.body.length,
			htmlGzip: gzipBytes(f.body),
			queries: f.queries,
			weight: f.weight,
			coldMillis: colds.get(f.page.path)!,
			modes: modes.get(f.page.path) as Record<Mode, LoadResult>,
			static: statics.get(f.page.path)!,
			renderingStatic: renderingStatics.get(f.page.path)!
		}));
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

/**
 * Writes to the benchmark's database from another connection, as the CLI or a second server would: it
 * moves one value up by one and back down on the next write, which moves the server's data revision
 * token. (Rewriting the same number would not: SQLite commits no page, and the token rightly stays.)
 */
class DataWriter {
	#db: Database.Database;
	#touch: Database.Statement;
	#step = 1;
	#id: number;

	constructor(file: string) {
		this.#db = new Database(file);
		this.#db.pragma('busy_timeout = 5000');
		const row = this.#db.prepare("SELECT id FROM measurement WHERE state <> 'validato' AND value IS NOT NULL ORDER BY id LIMIT 1").get() as { id: number } | undefined;
		if (!row) throw new Error('nessun valore modificabile nel database del banco di prova');
		this.#touch = this.#db.prepare('UPDATE measurement SET value = value + ? WHERE id = ?');
		this.#id = row.id;
	}

	write(): void {
		this.#touch.run(this.#step, this.#id);
		this.#step = -this.#step;
	}

	everySecond(): { stop: () => void; count: () => number } {
		let count = 0;
		const timer = setInterval(() => {
			this.write();
			count++;
		}, 1000);
		return { stop: () => clearInterval(timer), count: () => count };
	}

	close(): void {
		this.#db.close();
	}
}

/** One request right after a write, five times (after one to warm the code): the median, in ms. */
async function coldRequestMillis(url: string, writer: DataWriter): Promise<number> {
	const times: number[] = [];
	for (let i = 0; i < 6; i++) {
		writer.write();
		const started = performance.now();
		const res = await fetch(url);
		await res.arrayBuffer();
		if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
		if (!/cache;desc="miss"/.test(res.headers.get('server-timing') ?? '')) throw new Error(`${url}: dopo una scrittura la pagina non è stata ricalcolata`);
		if (i > 0) times.push(performance.now() - started);
	}
	return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/**
 * The monitoring campaign as it happens (issue 16): accounts exist, everyone is signed in, directors
 * write while others read.
 *
 * For one scale, on the built server (node scripts/serve.js) with the page cache as shipped:
 * - `directors` director accounts (default 50, the synthetic plan's first directors) each save and
 *   submit one value through the real form (POST /da-aggiornare?/invia, as the browser's enhanced form
 *   sends it), together `writesPerSecond` (default 5) on a fixed schedule: a slow answer does not slow
 *   the arrivals, as it would not in a real office;
 * - `readers` signed-in readers (direction, Nucleo and directors) browse in a closed loop the overview,
 *   a director's page, an objective, a search and the deviations report, and after each round fetch a
 *   static file as large as the overview, from the same server in the same run: the reference.
 * Every answer is checked: a read must be 200 with the page's own heading, a write must come back as
 * the form's success; anything else counts as an error (the goal is none).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openMigratedDatabase } from '../../src/lib/server/db/database';
import { createUser } from '../../src/lib/server/auth/users.repository';
import { heapSnapshotOf, memoryOf, startServer, type BenchServer } from './server';
import { STATIC_DIR } from './pages-bench';

export interface CampaignPage {
	name: string;
	count: number;
	p50: number;
	p95: number;
	p99: number;
}

export interface CampaignResult {
	scale: number;
	seconds: number;
	directors: number;
	readers: number;
	/** Each reader's pause after a page, in milliseconds (0: back to back). */
	thinkMillis: number;
	writesPerSecond: number;
	writes: number;
	reads: number;
	/** Over all page reads (not the static file), in milliseconds. */
	readP95: number;
	readP99: number;
	/** Save-and-submit through the form. */
	writeP95: number;
	/** The static twin of the overview, fetched by the same readers in the same run. */
	staticP95: number;
	staticP50: number;
	errors: number;
	errorSamples: string[];
	/**
	 * Before the load, with nothing else running: the overview fetched by the direction right after a
	 * director saved a value through the form (median of 7), and the static twin's p50 (of 30).
	 */
	coldAfterWrite: number;
	staticP50Quiet: number;
	pages: CampaignPage[];
	memory: { rss: number; peak: number; anon: number; file: number } | null;
	/** The same, IDLE_MILLIS after the load stopped. */
	memoryIdle: { rss: number; peak: number; anon: number; file: number } | null;
}

/** A date inside the synthetic plan's year that carries no imported value: the campaign's open date. */
const CAMPAIGN_DATE = '2022-06-15';
const PASSWORD = `banco-di-prova-${process.pid}-campagna`;

interface Director {
	id: number;
	name: string;
	username: string;
	indicators: Array<{ id: number; type: string | null }>;
	objectiveCodes: string[];
}

export async function benchCampaign(options: {
	scale: number;
	dataDir: string;
	seconds: number;
	directors?: number;
	readers?: number;
	/** A reader's pause after each page, as a person reads it (0: back to back, the server saturated). */
	thinkMillis?: number;
	writesPerSecond?: number;
	log: (m: string) => void;
}): Promise<CampaignResult> {
	const { log, scale } = options;
	const directorCount = options.directors ?? 50;
	const readerCount = options.readers ?? 10;
	const writesPerSecond = options.writesPerSecond ?? 5;
	const work = fs.mkdtempSync(path.join(os.tmpdir(), `cruscotto-bench-campagna-${scale}-`));
	const databasePath = path.join(work, 'campagna.sqlite');
	const staticFile = path.join(STATIC_DIR, `campagna-${scale}.html`);
	try {
		// 1. The plan, imported by the server's first start.
		const seeding = await startServer({ DATABASE_PATH: databasePath, SEED_DIRS: options.dataDir, INITIAL_ACCOUNTS: 'no' });
		await seeding.stop();

		// 2. Accounts, made the way `npm run users -- crea` makes them (same repository, scrypt hashes).
		const directors = await createAccounts(databasePath, directorCount);
		log(`  scala ${scale}: ${directors.length} dirigenti, direzione e nucleo con account`);

		// 3. The direction opens the campaign's date through the monitoring form; the overview's bytes
		//    become the static twin (sirv lists its files at start, hence the restart below).
		const opening = await startServer({ DATABASE_PATH: databasePath });
		try {
			const direction = await signIn(opening, 'banco.direzione');
			await expectSuccess(opening, direction, '/monitoraggio', { azione: 'apri', data: CAMPAIGN_DATE, scadenza: '2022-07-15' });
			const overview = await read(opening, direction, '/');
			fs.mkdirSync(STATIC_DIR, { recursive: true });
			fs.writeFileSync(staticFile, overview.body);
		} finally {
			await opening.stop();
		}

		// 4. The measured run.
		const server = await startServer({ DATABASE_PATH: databasePath });
		try {
			return await run(server, directors, { ...options, readerCount, writesPerSecond, thinkMillis: options.thinkMillis ?? 0, staticPath: `/_bench/${path.basename(staticFile)}` });
		} finally {
			await server.stop();
		}
	} finally {
		fs.rmSync(staticFile, { force: true });
		fs.rmSync(work, { recursive: true, force: true });
	}
}

async function createAccounts(databasePath: string, count: number): Promise<Director[]> {
	const db = await openMigratedDatabase(databasePath);
	try {
		const actor = { userId: null, name: 'banco di prova' };
		await createUser(db, { username: 'banco.direzione', displayName: 'Direzione (banco di prova)', role: 'direzione', password: PASSWORD }, actor);
		await createUser(db, { username: 'banco.nucleo', displayName: 'Nucleo (banco di prova)', role: 'nucleo', password: PASSWORD }, actor);
		const rows = db.sqlite.prepare('SELECT id, name FROM director ORDER BY id LIMIT ?').all(count) as Array<{ id: number; name: string }>;
		const indicators = db.sqlite.prepare(
			`SELECT i.id, i.type FROM indicator i JOIN objective o ON o.id = i.objective_id WHERE o.director_id = ? ORDER BY o.position, i.position`
		);
		const objectives = db.sqlite.prepare('SELECT code FROM objective WHERE director_id = ? ORDER BY position');
		const out: Director[] = [];
		for (const [n, d] of rows.entries()) {
			const username = `banco.dirigente.${n + 1}`;
			await createUser(db, { username, displayName: d.name, role: 'dirigente', directorName: d.name, password: PASSWORD }, actor);
			out.push({
				id: d.id,
				name: d.name,
				username,
				indicators: indicators.all(d.id) as Director['indicators'],
				objectiveCodes: (objectives.all(d.id) as Array<{ code: string }>).map((o) => o.code)
			});
		}
		return out.filter((d) => d.indicators.length > 0);
	} finally {
		await db.close();
	}
}

interface Session {
	cookie: string;
}

async function signIn(server: BenchServer, username: string): Promise<Session> {
	const res = await fetch(`${server.url}/accesso`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ utente: username, password: PASSWORD })
	});
	const text = await res.text();
	const cookie = /sessione=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
	if (res.status !== 303 || !cookie) throw new Error(`accesso di ${username} non riuscito: HTTP ${res.status} ${/<a href="#utente">([^<]*)/.exec(text)?.[1] ?? text.slice(0, 200)}`);
	return { cookie };
}

async function read(server: BenchServer, session: Session, pathname: string): Promise<{ status: number; body: Buffer }> {
	const res = await fetch(server.url + pathname, { headers: { cookie: session.cookie } });
	return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

/** A form post as SvelteKit's enhanced form sends it; the JSON answer says success or failure. */
async function postForm(server: BenchServer, session: Session, action: string, fields: Record<string, string>): Promise<{ ok: boolean; detail: string }> {
	const res = await fetch(server.url + action, {
		method: 'POST',
		headers: { cookie: session.cookie, origin: server.url, 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true', accept: 'application/json' },
		body: new URLSearchParams(fields)
	});
	const text = await res.text();
	const type = res.ok ? (/"type":"(\w+)"/.exec(text)?.[1] ?? '') : '';
	return { ok: res.ok && type === 'success', detail: `${action}: HTTP ${res.status} ${text.slice(0, 300)}` };
}

async function expectSuccess(server: BenchServer, session: Session, action: string, fields: Record<string, string>): Promise<void> {
	const r = await postForm(server, session, action, fields);
	if (!r.ok) throw new Error(r.detail);
}

/** A value the form accepts for each indicator type. */
function valueFor(type: string | null, n: number): string {
	if (type === 'si_no') return n % 2 === 0 ? 'sì' : 'no';
	if (type === 'data') return '30/06/2022';
	return `${(n % 97) + 1},5`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const IDLE_MILLIS = 15_000;

async function run(
	server: BenchServer,
	directors: Director[],
	options: { scale: number; seconds: number; readerCount: number; writesPerSecond: number; thinkMillis: number; staticPath: string; log: (m: string) => void }
): Promise<CampaignResult> {
	const { log, scale } = options;
	// Every director signs in (one session each); readers have sessions of their own.
	const writerSessions = new Map<string, Session>();
	for (const d of directors) writerSessions.set(d.username, await signIn(server, d.username));
	const readerRoles = Array.from({ length: options.readerCount }, (_, i) => (i % 5 === 0 ? 'banco.direzione' : i % 5 === 1 ? 'banco.nucleo' : directors[i % directors.length].username));
	// One after the other: sign-ins in flight from one address count against it until they succeed.
	const readerSessions: Session[] = [];
	for (const u of readerRoles) readerSessions.push(await signIn(server, u));

	// Writes take the indicators in this order: round robin over the directors, each on his next
	// indicator with no value yet at the open date (a second "new value" would rightly be refused).
	const queue: Array<{ director: Director; indicator: Director['indicators'][number] }> = [];
	for (let k = 0; queue.length < directors.reduce((n, d) => n + d.indicators.length, 0); k++) {
		for (const d of directors) if (k < d.indicators.length) queue.push({ director: d, indicator: d.indicators[k] });
	}
	let scheduled = 0;
	const submit = (n: number) => {
		const { director: d, indicator } = queue[n];
		return postForm(server, writerSessions.get(d.username)!, '/da-aggiornare?/invia', {
			[`valore_${indicator.id}`]: valueFor(indicator.type, n),
			[`motivazione_${indicator.id}`]: 'Valore rilevato durante la campagna (banco di prova).',
			[`versione_${indicator.id}`]: '0'
		});
	};

	// The cost of the first overview after a value saved through the form, with no other load.
	const direction = readerSessions[0];
	await read(server, direction, '/');
	const colds: number[] = [];
	for (let i = 0; i < 8; i++) {
		const saved = await submit(scheduled++);
		if (!saved.ok) throw new Error(saved.detail);
		const started = performance.now();
		const r = await read(server, direction, '/');
		if (r.status !== 200) throw new Error(`/: HTTP ${r.status}`);
		if (i > 0) colds.push(performance.now() - started);
	}
	const quietStatic: number[] = [];
	for (let i = 0; i < 31; i++) {
		const started = performance.now();
		await read(server, direction, options.staticPath);
		if (i > 0) quietStatic.push(performance.now() - started);
	}
	const coldAfterWrite = percentile(colds.sort((a, b) => a - b), 50);
	const staticP50Quiet = percentile(quietStatic.sort((a, b) => a - b), 50);
	log(`  scala ${scale}: panoramica dopo un salvataggio dal modulo ${coldAfterWrite.toFixed(1)} ms (mediana di 7), file statico p50 ${staticP50Quiet.toFixed(1)} ms: ${(coldAfterWrite / staticP50Quiet).toFixed(1)} volte`);

	const latencies = new Map<string, number[]>();
	const record = (name: string, ms: number) => (latencies.get(name) ?? latencies.set(name, []).get(name)!).push(ms);
	const errorSamples: string[] = [];
	let errors = 0;
	const fail = (detail: string) => {
		errors++;
		if (errorSamples.length < 5) errorSamples.push(detail);
	};

	const until = performance.now() + options.seconds * 1000;
	const pagesOf = (reader: number) => {
		const d = directors[(reader * 7) % directors.length];
		const code = d.objectiveCodes[reader % d.objectiveCodes.length];
		return [
			{ name: 'panoramica', path: '/' },
			{ name: 'dirigente', path: `/dirigenti/${d.id}` },
			{ name: 'obiettivo', path: `/obiettivi/2022/${encodeURIComponent(code)}` },
			{ name: 'ricerca', path: '/cerca?q=scuola' },
			{ name: 'report', path: '/report/scostamenti' }
		];
	};
	const readerLoop = async (i: number) => {
		const session = readerSessions[i];
		const pages = pagesOf(i);
		// Readers start spread over one pause, not all in the same millisecond.
		if (options.thinkMillis > 0) await sleep((options.thinkMillis * i) / options.readerCount);
		while (performance.now() < until) {
			for (const page of [...pages, { name: 'statico', path: options.staticPath }]) {
				const started = performance.now();
				try {
					const r = await read(server, session, page.path);
					record(page.name, performance.now() - started);
					if (r.status !== 200) fail(`${page.path}: HTTP ${r.status}`);
				} catch (e) {
					fail(`${page.path}: ${e instanceof Error ? e.message : e}`);
				}
				if (options.thinkMillis > 0 && page.name !== 'statico') await sleep(options.thinkMillis);
			}
		}
	};

	// Writes arrive on a schedule: a slow answer does not slow the arrivals.
	const writes: Promise<void>[] = [];
	let written = 0;
	const writeOnce = async (n: number) => {
		const started = performance.now();
		try {
			const r = await submit(n);
			record('salvataggio', performance.now() - started);
			if (r.ok) written++;
			else fail(r.detail);
		} catch (e) {
			fail(`salvataggio: ${e instanceof Error ? e.message : e}`);
		}
	};
	const interval = 1000 / options.writesPerSecond;
	const timer = setInterval(() => {
		if (performance.now() >= until || scheduled >= queue.length) return;
		writes.push(writeOnce(scheduled++));
	}, interval);

	await Promise.all(readerSessions.map((_, i) => readerLoop(i)));
	clearInterval(timer);
	await Promise.all(writes);
	const memory = memoryOf(server.pid);
	if (memory) log(`  scala ${scale}: RSS dopo la campagna ${(memory.rss / 2 ** 20).toFixed(0)} MiB (anonima ${(memory.anon / 2 ** 20).toFixed(0)}, file ${(memory.file / 2 ** 20).toFixed(0)}), picco ${(memory.peak / 2 ** 20).toFixed(0)} MiB`);
	// The same process a little later with no load: what it gives back by itself once idle (V8's memory
	// reducer starts 8 s after the allocations stop).
	await sleep(IDLE_MILLIS);
	const memoryIdle = memoryOf(server.pid);
	if (memoryIdle) log(`  scala ${scale}: RSS ${IDLE_MILLIS / 1000} s dopo, senza carico: ${(memoryIdle.rss / 2 ** 20).toFixed(0)} MiB (anonima ${(memoryIdle.anon / 2 ** 20).toFixed(0)})`);
	const snapshot = await heapSnapshotOf(server);
	if (snapshot) log(`  scala ${scale}: istantanea della memoria in ${snapshot}`);

	const sorted = (name: string) => (latencies.get(name) ?? []).slice().sort((a, b) => a - b);
	const pageNames = ['panoramica', 'dirigente', 'obiettivo', 'ricerca', 'report'];
	const allReads = pageNames.flatMap((n) => latencies.get(n) ?? []).sort((a, b) => a - b);
	const pages = [...pageNames, 'statico', 'salvataggio'].map((name) => {
		const s = sorted(name);
		return { name, count: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
	});
	const result: CampaignResult = {
		scale,
		seconds: options.seconds,
		directors: directors.length,
		readers: options.readerCount,
		thinkMillis: options.thinkMillis,
		writesPerSecond: options.writesPerSecond,
		writes: written,
		reads: allReads.length,
		readP95: percentile(allReads, 95),
		readP99: percentile(allReads, 99),
		writeP95: percentile(sorted('salvataggio'), 95),
		staticP95: percentile(sorted('statico'), 95),
		staticP50: percentile(sorted('statico'), 50),
		errors,
		errorSamples,
		coldAfterWrite,
		staticP50Quiet,
		pages,
		memory,
		memoryIdle
	};
	log(
		`  scala ${scale} campagna: lettura p95 ${result.readP95.toFixed(1)} ms, p99 ${result.readP99.toFixed(1)} ms; salvataggio p95 ${result.writeP95.toFixed(1)} ms ` +
			`(${written} in ${options.seconds} s); file statico p95 ${result.staticP95.toFixed(1)} ms; errori ${errors}${errorSamples.length ? `: ${errorSamples[0]}` : ''}`
	);
	return result;
}

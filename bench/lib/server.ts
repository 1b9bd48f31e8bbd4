/**
 * Starts and stops the built dashboard (`node scripts/serve.js`, as in production) for the benchmarks,
 * on ports 4100–4199, and reads its memory from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { serverNodeFlags } from '../../scripts/heap-growth.js';

export interface BenchServer {
	url: string;
	port: number;
	pid: number;
	/** Milliseconds from spawn to "avviato:" (includes the first-start import when SEED_DIRS is set). */
	startMillis: number;
	output(): string;
	stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Stops every server this process started (also on Ctrl+C: see run.ts). */
export async function stopAll(): Promise<void> {
	await Promise.all([...running].map((child) => stopChild(child)));
}

function stopChild(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) {
			running.delete(child);
			return resolve();
		}
		const force = setTimeout(() => child.kill('SIGKILL'), 5000);
		child.once('exit', () => {
			clearTimeout(force);
			running.delete(child);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

let nextPort = 4100;
/** The next free port in 4100–4199. */
export async function freePort(): Promise<number> {
	for (let i = 0; i < 100; i++) {
		const port = nextPort;
		nextPort = nextPort >= 4199 ? 4100 : nextPort + 1;
		if (await portIsFree(port)) return port;
	}
	throw new Error('nessuna porta libera tra 4100 e 4199');
}

export async function startServer(env: Record<string, string>, timeoutMillis = 300_000): Promise<BenchServer> {
	if (!fs.existsSync('build/index.js')) throw new Error('build/ mancante: eseguire "npx vite build"');
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const started = performance.now();
	// BENCH_CPU_PROF=<folder>: each server writes a CPU profile there when it stops (where the time went).
	const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
	// BENCH_HEAP_SNAPSHOT=<folder>: the campaign asks its server for a heap snapshot once measured (where the memory went).
	const heap = process.env.BENCH_HEAP_SNAPSHOT ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${process.env.BENCH_HEAP_SNAPSHOT}`] : [];
	// BENCH_NODE_FLAGS="--flag …": node (and V8) flags for the measured servers, to try a setting before making it the default.
	const flags = process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
	// The node options of `npm start` (package.json) first: the server as shipped; BENCH_NODE_FLAGS may add to them.
	const child = spawn(process.execPath, [...profile, ...heap, ...serverNodeFlags(), ...flags, 'scripts/serve.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	running.add(child);
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	let listening: number | null = null;
	try {
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`il server non è partito in ${timeoutMillis / 1000} s:\n${output}`)), timeoutMillis);
			const onExit = (code: number | null) => reject(new Error(`il server è uscito (${code}):\n${output}`));
			child.once('exit', onExit);
			// Ready when it listens and has made the evaluations it prepares at start (warm-up.ts): a measure
			// begun earlier would time the warm-up, which blocks the first requests for seconds at scale 100.
			const poll = setInterval(() => {
				if (listening === null && output.includes('avviato:')) listening = performance.now();
				if (listening !== null && /Valutazioni preparate|Preparazione delle valutazioni non riuscita/.test(output)) {
					clearInterval(poll);
					clearTimeout(timer);
					child.off('exit', onExit);
					resolve();
				}
			}, 20);
		});
	} catch (e) {
		await stopChild(child);
		throw e;
	}
	return {
		url,
		port,
		pid: child.pid!,
		startMillis: (listening ?? performance.now()) - started,
		output: () => output,
		stop: () => stopChild(child)
	};
}

/**
 * Resident set size now and at its peak (VmHWM), in bytes, of a process on this machine (Linux); and
 * how much of it is the process's own memory (anon: heap, buffers, SQLite's caches) and how much is
 * mapped files (file: the code of node and its libraries, SQLite's -shm).
 */
export function memoryOf(pid: number): { rss: number; peak: number; anon: number; file: number } | null {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
		return { rss: kb('VmRSS'), peak: kb('VmHWM'), anon: kb('RssAnon'), file: kb('RssFile') + kb('RssShmem') };
	} catch {
		return null;
	}
}

/**
 * Asks a server started with BENCH_HEAP_SNAPSHOT for a heap snapshot (SIGUSR2) and waits until V8 has
 * written it: the file's path, or null when the option is off or the snapshot did not come.
 */
export async function heapSnapshotOf(server: BenchServer, timeoutMillis = 120_000): Promise<string | null> {
	const dir = process.env.BENCH_HEAP_SNAPSHOT;
	if (!dir) return null;
	const before = new Set(fs.existsSync(dir) ? fs.readdirSync(dir) : []);
	process.kill(server.pid, 'SIGUSR2');
	const until = performance.now() + timeoutMillis;
	let last = -1;
	while (performance.now() < until) {
		await new Promise((r) => setTimeout(r, 500));
		const file = fs.readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
		if (!file) continue;
		const size = fs.statSync(`${dir}/${file}`).size;
		// V8 writes the snapshot in one go and ends it with a closing brace: done when it stops growing.
		if (size === last && size > 0) return `${dir}/${file}`;
		last = size;
	}
	return null;
}

/** Starts the built server (`node build`, as in production) on a free port with its own database. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serverNodeFlags } from '../../scripts/heap-growth.js';

export interface RunningServer {
	url: string;
	databasePath: string;
	output: () => string;
	/** The passwords the server printed for the accounts it created on first start. */
	password(username: string): string;
	/** Signs in through the real form; returns the session cookie (`sessione=…`). */
	signIn(username: string): Promise<string>;
	/** A form POST to an action, as `use:enhance` sends it; answers the parsed JSON and the status. */
	action(path: string, fields: Record<string, string | Blob>, cookie?: string): Promise<{ status: number; body: ActionBody }>;
	stop(): Promise<void>;
}

export interface ActionBody {
	type: 'success' | 'failure' | 'redirect' | 'error';
	status?: number;
	data?: unknown;
	error?: { message: string };
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
		srv.on('error', reject);
	});
}

export function tempDir(prefix: string): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), `cruscotto-${prefix}-`));
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
	if (!fs.existsSync('build/index.js')) throw new Error('build/ mancante: eseguire "vite build" prima dei test del browser');
	const port = await freePort();
	const databasePath = env.DATABASE_PATH ?? path.join(tempDir('server'), 'test.sqlite');
	// With the node options of `npm start` (package.json), as the README starts the server.
	const child: ChildProcess = spawn(process.execPath, [...serverNodeFlags(), 'scripts/serve.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: databasePath, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${port}`;
	// A first start hashes one scrypt password per account: 73 accounts on the tenfold plan took 81 s on a loaded 2-core machine.
	await waitUntilStarted(child, () => output, 120_000);
	const password = (username: string) => printedPassword(output, username);
	const action: RunningServer['action'] = async (path, fields, cookie) => {
		const body = new FormData();
		for (const [k, v] of Object.entries(fields)) body.append(k, v);
		const res = await fetch(url + path, {
			method: 'POST',
			body,
			headers: { origin: url, 'x-sveltekit-action': 'true', accept: 'application/json', ...(cookie ? { cookie } : {}) },
			redirect: 'manual'
		});
		const text = await res.text();
		let parsed: ActionBody;
		try {
			parsed = JSON.parse(text);
			// SvelteKit serialises action data with devalue: unwrap it into plain values.
			if (typeof parsed.data === 'string') parsed.data = (await import('devalue')).parse(parsed.data);
		} catch {
			parsed = { type: 'error', error: { message: text } };
		}
		// A failed action answers HTTP 200 with {type: 'failure', status}: report the status it carries.
		return { status: parsed.type === 'failure' && parsed.status ? parsed.status : res.status, body: parsed };
	};
	return {
		url,
		databasePath,
		output: () => output,
		password,
		action,
		async signIn(username: string) {
			const body = new URLSearchParams({ utente: username, password: password(username) });
			const res = await fetch(`${url}/accesso`, { method: 'POST', body, headers: { origin: url, accept: 'text/html' }, redirect: 'manual' });
			const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sessione='));
			if (res.status !== 303 || !cookie) throw new Error(`accesso di ${username} non riuscito (${res.status})`);
			return cookie.split(';')[0];
		},
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.on('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

/**
 * Runs a command-line tool (`tsx src/cli/…`) without blocking the test's event loop. A blocking
 * spawnSync longer than the server's keep-alive timeout leaves the HTTP client holding a socket the
 * server has already closed, and the next request fails with "other side closed".
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ status: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(path.resolve('node_modules/.bin/tsx'), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (d) => (stdout += d));
		child.stderr!.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('close', (status) => resolve({ status, stdout, stderr }));
	});
}

/** Resolves when the server says where to open it ("avviato:"); rejects if it exits or takes too long. */
export function waitUntilStarted(child: ChildProcess, output: () => string, timeoutMillis: number): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`il server non è partito:\n${output()}`)), timeoutMillis);
		child.on('exit', (code) => reject(new Error(`il server è uscito (${code}):\n${output()}`)));
		const poll = setInterval(() => {
			if (output().includes('avviato:')) {
				clearInterval(poll);
				clearTimeout(timer);
				resolve();
			}
		}, 50);
	});
}

/** The password the server printed, once, for an account it created on first start. */
export function printedPassword(output: string, username: string): string {
	const m = new RegExp(`^\\s+${username.replace(/\./g, '\\.')}\\s.*password: (\\S+)$`, 'm').exec(output);
	if (!m) throw new Error(`nessuna password stampata per ${username}:\n${output}`);
	return m[1];
}

/** Starts the built server (`node build`, as in production) on a free port with its own database. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RunningServer {
	url: string;
	databasePath: string;
	output: () => string;
	stop(): Promise<void>;
}

async function freePort(): Promise<number> {
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
	const child: ChildProcess = spawn(process.execPath, ['scripts/serve.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: databasePath, ORIGIN: `http://127.0.0.1:${port}`, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const url = `http://127.0.0.1:${port}`;
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`il server non è partito:\n${output}`)), 30_000);
		child.on('exit', (code) => reject(new Error(`il server è uscito (${code}):\n${output}`)));
		const poll = setInterval(() => {
			if (output.includes('avviato:')) {
				clearInterval(poll);
				clearTimeout(timer);
				resolve();
			}
		}, 50);
	});
	return {
		url,
		databasePath,
		output: () => output,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.on('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

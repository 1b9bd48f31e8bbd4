/**
 * The benchmark harness: `npm run bench` (about 13 minutes on 2 cores). Not part of CI.
 *
 *   npm run bench -- [--seconds 10] [--warmup 2] [--connections 10] [--scales 1,100] [--rows 1000000]
 *                    [--repeat 2] [--only import,pages,campagna] [--campaign-seconds 30] [--directors 50] [--think-ms 1000,0]
 *                    [--no-build] [--no-write]
 *
 * 1. writes the synthetic data (bench-data/scala-N, and 1,000,000 values in scala-100/misurazioni-grande);
 * 2. builds the application (npx vite build);
 * 3. import: the importer against the sqlite3 shell's .import on the same 1,000,000 rows;
 * 4. pages: four pages at each scale on the built server under load, beside a static file of the same
 *    size; what each ships (gzipped JS and CSS); the server's memory;
 * 5. campagna: at each scale, signed-in directors save and submit values through the form while
 *    signed-in readers browse (bench/lib/campaign-bench.ts), once for each readers' pause: by default
 *    1000 ms after each page (people reading: the run the goals are judged on), then none (saturated:
 *    how much the server takes);
 * 6. prints the tables and writes them into BENCHMARKS.md, between its "bench:start" and "bench:end"
 *    markers (the rest of that file is written by hand), and the raw numbers to bench-data/results.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import Database from 'better-sqlite3';
import { generate } from '../src/cli/generate-data';
import { benchImport, type ImportBench } from './lib/import-bench';
import { benchPages, PAGES, STATIC_DIR, type ScaleResult } from './lib/pages-bench';
import { stopAll } from './lib/server';
import { benchCampaign, type CampaignResult } from './lib/campaign-bench';
import { renderReport } from './lib/report';

interface Options {
	seconds: number;
	warmup: number;
	connections: number;
	scales: number[];
	rows: number;
	repeat: number;
	only: Set<string>;
	campaignSeconds: number;
	directors: number;
	/** One campaign per value, in this order: the first is the one the goals are judged on. */
	thinkMillis: number[];
	build: boolean;
	write: boolean;
}

function parseOptions(argv: string[]): Options {
	const o: Options = {
		seconds: 10,
		warmup: 2,
		connections: 10,
		scales: [1, 100],
		rows: 1_000_000,
		repeat: 2,
		only: new Set(['import', 'pages', 'campagna']),
		campaignSeconds: 30,
		directors: 50,
		thinkMillis: [1000, 0],
		build: true,
		write: true
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${arg}: manca il valore`);
			return v;
		};
		if (arg === '--seconds') o.seconds = Number(value());
		else if (arg === '--warmup') o.warmup = Number(value());
		else if (arg === '--connections') o.connections = Number(value());
		else if (arg === '--scales') o.scales = value().split(',').map(Number);
		else if (arg === '--rows') o.rows = Number(value());
		else if (arg === '--repeat') o.repeat = Number(value());
		else if (arg === '--only') o.only = new Set(value().split(','));
		else if (arg === '--campaign-seconds') o.campaignSeconds = Number(value());
		else if (arg === '--directors') o.directors = Number(value());
		else if (arg === '--think-ms') o.thinkMillis = value().split(',').map(Number);
		else if (arg === '--no-build') o.build = false;
		else if (arg === '--no-write') o.write = false;
		else throw new Error(`opzione sconosciuta: ${arg}`);
	}
	if (!o.scales.every((s) => Number.isInteger(s) && s >= 1)) throw new Error('--scales: interi ≥ 1 separati da virgole');
	if (o.thinkMillis.length === 0 || !o.thinkMillis.every((t) => Number.isInteger(t) && t >= 0)) throw new Error('--think-ms: millisecondi (interi ≥ 0) separati da virgole');
	return o;
}

const t0 = performance.now();
/** Other work on the machine skews every number: the load average when the run started goes in the report. */
const loadAtStart = os.loadavg();
function log(message: string): void {
	console.error(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

export interface Machine {
	date: string;
	cpu: string;
	cores: number;
	memory: string;
	os: string;
	node: string;
	sqlite: string;
	sqlite3Shell: string | null;
	commit: string;
	load: string;
}

function machine(): Machine {
	const osRelease = fs.existsSync('/etc/os-release') ? /PRETTY_NAME="([^"]+)"/.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1] : undefined;
	const git = (args: string[]) => spawnSync('git', args, { encoding: 'utf8' }).stdout?.trim() ?? '';
	const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
	const memory = new Database(':memory:');
	const sqlite = (memory.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
	memory.close();
	const shell = spawnSync('sh', ['-c', 'sqlite3 --version'], { encoding: 'utf8' });
	return {
		date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
		cpu: os.cpus()[0]?.model.trim() ?? 'sconosciuta',
		cores: os.availableParallelism(),
		memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
		os: `${osRelease ?? os.type()} (Linux ${os.release()})`,
		node: process.version,
		sqlite,
		sqlite3Shell: shell.status === 0 ? shell.stdout.split(' ')[0] : null,
		commit: `${git(['rev-parse', '--short', 'HEAD']) || 'sconosciuto'}${dirty ? ' con modifiche non ancora registrate' : ''}`,
		load: `${loadAtStart.map((l) => l.toFixed(2)).join(' / ')} all'avvio, ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} alla fine (1 / 5 / 15 min)`
	};
}

function writeSection(file: string, section: string): void {
	const start = '<!-- bench:start -->';
	const end = '<!-- bench:end -->';
	const block = `${start}\n${section.trim()}\n${end}`;
	const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Prestazioni\n\n${start}\n${end}\n`;
	const a = text.indexOf(start);
	const b = text.indexOf(end);
	fs.writeFileSync(file, a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + end.length) : `${text.trimEnd()}\n\n${block}\n`);
}

async function main(): Promise<void> {
	const options = parseOptions(process.argv.slice(2));
	const argv = process.argv.slice(2).join(' ');

	log('dati sintetici: bench-data/scala-N');
	for (const scale of options.scales) {
		const withRows = options.only.has('import') && scale === Math.max(...options.scales) ? options.rows : null;
		const counts = generate(scale, `bench-data/scala-${scale}`, 12, withRows);
		log(`  scala ${scale}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
	}

	if (options.build) {
		log('npx vite build');
		const r = spawnSync('npx', ['vite', 'build'], { encoding: 'utf8', maxBuffer: 1 << 26 });
		if (r.status !== 0) throw new Error(`vite build non riuscito:\n${r.stdout}\n${r.stderr}`);
	}

	let importResult: ImportBench | null = null;
	if (options.only.has('import')) {
		const scale = Math.max(...options.scales);
		log(`import: ${options.rows} misurazioni (bench-data/scala-${scale}/misurazioni-grande), migliore di ${options.repeat}`);
		importResult = await benchImport({
			dataDir: `bench-data/scala-${scale}`,
			csv: `bench-data/scala-${scale}/misurazioni-grande/misurazioni.csv`,
			rows: options.rows,
			repeat: options.repeat,
			log
		});
	}

	const scales: ScaleResult[] = [];
	if (options.only.has('pages')) {
		for (const scale of options.scales) {
			log(`pagine a scala ${scale}: ${PAGES.length} pagine e i loro file statici, ${options.connections} connessioni, ${options.seconds} s ciascuna`);
			scales.push(
				await benchPages({ scale, dataDir: `bench-data/scala-${scale}`, connections: options.connections, seconds: options.seconds, warmup: options.warmup, log })
			);
		}
	}

	const campaigns: CampaignResult[] = [];
	if (options.only.has('campagna')) {
		for (const scale of options.scales) {
			for (const thinkMillis of options.thinkMillis) {
				log(`campagna a scala ${scale}: ${options.directors} dirigenti scrivono, 10 lettori leggono con pausa di ${thinkMillis} ms, ${options.campaignSeconds} s`);
				campaigns.push(await benchCampaign({ scale, dataDir: `bench-data/scala-${scale}`, seconds: options.campaignSeconds, directors: options.directors, thinkMillis, log }));
			}
		}
	}

	const m = machine();
	const report = renderReport({ machine: m, command: `npm run bench${argv ? ` -- ${argv}` : ''}`, options, importResult, scales, campaigns });
	console.log(report);
	fs.mkdirSync('bench-data', { recursive: true });
	// Each scale's entry carries its campaign's headline numbers (issue 16) beside the pages' results: the
	// first readers' pause (the goals' run) as `campaign`, every run in `campaignRuns`.
	const headline = (c: CampaignResult) => ({ readP95: c.readP95, readP99: c.readP99, writeP95: c.writeP95, staticP95: c.staticP95, errors: c.errors, thinkMillis: c.thinkMillis });
	const byScale = options.scales.map((scale) => {
		const runs = campaigns.filter((x) => x.scale === scale);
		return {
			...(scales.find((s) => s.scale === scale) ?? { scale }),
			...(runs.length > 0 ? { campaign: headline(runs[0]), campaignRuns: runs.map(headline), campaignDetail: runs } : {})
		};
	});
	fs.writeFileSync('bench-data/results.json', JSON.stringify({ machine: m, options: { ...options, only: [...options.only] }, importResult, scales: byScale }, null, '\t'));
	// A partial run (--only import, or --only pages) would replace the whole section with half of it.
	const complete = options.only.has('import') && options.only.has('pages') && options.only.has('campagna');
	if (options.write && complete) {
		writeSection('BENCHMARKS.md', report);
		log('scritto BENCHMARKS.md (sezione tra i marcatori bench:start e bench:end) e bench-data/results.json');
	} else {
		log(`BENCHMARKS.md non riscritto${complete ? ' (--no-write)' : ' (misura parziale: --only)'}; i numeri sono in bench-data/results.json`);
	}
	log(`fatto in ${((performance.now() - t0) / 60000).toFixed(1)} minuti`);
}

async function cleanup(): Promise<void> {
	await stopAll();
	if (fs.existsSync(STATIC_DIR)) fs.rmSync(STATIC_DIR, { recursive: true, force: true });
}

process.on('SIGINT', () => {
	void cleanup().then(() => process.exit(130));
});

try {
	await main();
} catch (e) {
	console.error(e instanceof Error ? e.message : e);
	process.exitCode = 1;
} finally {
	await cleanup();
}
export type { Options };

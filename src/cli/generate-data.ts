/**
 * Writes a synthetic data set N times the shipped plan, in the interchange CSV format, for benchmarks
 * and for the tests that check page costs do not grow with the data:
 *   npm run bench:data -- --scale 100 [--out bench-data/scala-100] [--dates 12] [--rows 1000000]
 * Each copy of the plan keeps the real shapes (objectives per director and CdR, phases and indicators
 * per objective, types and targets) under its own codes, as a body hosting many plans' objectives would.
 * Measurements fall on monthly dates; --rows writes a separate misurazioni-grande/ of exactly that many.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { parseArgs, runCli, UsageError } from './args';

const USAGE = `Uso: npm run bench:data -- --scale <N> [--out <cartella>] [--dates <n. date mensili>] [--rows <righe>]`;
const SOURCE = 'import/piao-2022';

type Row = Record<string, string>;

function readCsv(file: string): Row[] {
	return Papa.parse<Row>(fs.readFileSync(path.join(SOURCE, file), 'utf8'), { header: true, skipEmptyLines: true }).data;
}

function writeCsv(dir: string, file: string, rows: Row[], columns: string[]): void {
	fs.writeFileSync(path.join(dir, file), Papa.unparse({ fields: columns, data: rows.map((r) => columns.map((c) => r[c] ?? '')) }, { newline: '\n' }) + '\n');
}

/** A deterministic pseudo-random sequence, so every run writes the same files. */
function rng(seed: number) {
	let s = seed >>> 0;
	return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function monthEnds(year: number, count: number): string[] {
	return Array.from({ length: count }, (_, i) => new Date(Date.UTC(year, i + 1, 0)).toISOString().slice(0, 10));
}

export function generate(scale: number, out: string, dateCount: number, bigRows: number | null): Record<string, number> {
	const objectives = readCsv('obiettivi.csv');
	const phases = readCsv('fasi.csv');
	const indicators = readCsv('indicatori.csv');
	const random = rng(42);
	const suffix = (k: number) => (k === 0 ? '' : `-S${String(k).padStart(3, '0')}`);
	const o: Row[] = [];
	const f: Row[] = [];
	const ind: Row[] = [];
	for (let k = 0; k < scale; k++) {
		for (const r of objectives) {
			o.push({
				...r,
				codice: r.codice + suffix(k),
				cdr_codice: k === 0 ? r.cdr_codice : `${r.cdr_codice}-${k}`,
				dirigente: k === 0 ? r.dirigente : `${r.dirigente} (ente ${k})`
			});
		}
		for (const r of phases) f.push({ ...r, codice_obiettivo: r.codice_obiettivo + suffix(k) });
		for (const r of indicators) ind.push({ ...r, codice_obiettivo: r.codice_obiettivo + suffix(k), codice: r.codice + suffix(k) });
	}

	const dates = monthEnds(2022, dateCount);
	const valueFor = (i: Row, month: number): string => {
		const progress = (month + 1) / dates.length;
		if (i.tipo === 'si_no') return random() < progress ? 'si' : 'no';
		if (i.tipo === 'data') return random() < progress ? dates[month] : '';
		const target = Number(i.target);
		return String(Math.round(target * progress * (0.6 + random() * 0.6) * 100) / 100);
	};
	const measurable = ind.filter((i) => i.tipo === 'si_no' || (i.target !== '' && i.tipo !== ''));
	const m: Row[] = [];
	for (const i of measurable) {
		dates.forEach((date, month) => {
			const valore = valueFor(i, month);
			if (valore) m.push({ codice_indicatore: i.codice, data: date, valore, motivazione: random() < 0.1 ? 'Scostamento dovuto a ritardi nelle forniture' : '', fonte: 'sintetico' });
		});
	}

	fs.mkdirSync(out, { recursive: true });
	fs.copyFileSync(path.join(SOURCE, 'piano.csv'), path.join(out, 'piano.csv'));
	writeCsv(out, 'obiettivi.csv', o, Object.keys(objectives[0]));
	writeCsv(out, 'fasi.csv', f, Object.keys(phases[0]));
	writeCsv(out, 'indicatori.csv', ind, Object.keys(indicators[0]));
	writeCsv(out, 'misurazioni.csv', m, ['codice_indicatore', 'data', 'valore', 'motivazione', 'fonte']);
	const counts: Record<string, number> = { obiettivi: o.length, fasi: f.length, indicatori: ind.length, misurazioni: m.length };

	if (bigRows) {
		// Exactly `bigRows` values on the numeric indicators, over as many daily dates as it takes.
		const numeric = ind.filter((i) => i.tipo === 'numero' || i.tipo === 'percentuale');
		const days = Math.ceil(bigRows / numeric.length);
		const bigDir = path.join(out, 'misurazioni-grande');
		fs.mkdirSync(bigDir, { recursive: true });
		const lines = ['codice_indicatore,data,valore,motivazione,fonte'];
		const start = Date.UTC(2022, 0, 1);
		outer: for (let d = 0; d < days; d++) {
			const date = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
			for (const i of numeric) {
				if (lines.length > bigRows) break outer;
				lines.push(`${i.codice},${date},${(random() * 100).toFixed(2)},,sintetico`);
			}
		}
		fs.writeFileSync(path.join(bigDir, 'misurazioni.csv'), lines.join('\n') + '\n');
		counts['misurazioni-grande'] = lines.length - 1;
	}
	return counts;
}

if (process.argv[1]?.endsWith('generate-data.ts')) {
	await runCli(USAGE, async () => {
		const { options } = parseArgs(process.argv.slice(2), ['scale', 'out', 'dates', 'rows']);
		const scale = Number(options.scale);
		if (!Number.isInteger(scale) || scale < 1) throw new UsageError('--scale deve essere un intero ≥ 1');
		const out = typeof options.out === 'string' ? options.out : `bench-data/scala-${scale}`;
		const dates = options.dates === undefined ? 12 : Number(options.dates);
		const rows = options.rows === undefined ? null : Number(options.rows);
		const counts = generate(scale, out, dates, rows);
		console.log(`${out}: ${Object.entries(counts).map(([k, v]) => `${v.toLocaleString('it-IT')} ${k}`).join(', ')}`);
		return 0;
	});
}

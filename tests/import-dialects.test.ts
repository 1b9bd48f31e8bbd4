/**
 * Issue 11: the same data written the three ways files reach the importer (as programs write it; as
 * Italian Excel saves it; UTF-8 with a BOM and tabs) must give identical databases, and every number of
 * every numeric column must read back exactly as written. Random numbers from a printed seed, real
 * files, the real command-line importer, real SQLite files.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/lib/server/db/database';
import { dumpDatabase } from '../src/lib/server/testing/db';
import { tempDir } from './support/server';
import { csvLine, excelNumber, italianDate, programNumber, random, randomDecimal, valueOf, windows1252, type Decimal } from './support/italian-csv';

const TSX = path.resolve('node_modules/.bin/tsx');

interface Dataset {
	objectives: Array<{ code: string; publicValue: string; title: string; description: string; centre: string; centreName: string; director: string; weight: Decimal }>;
	phases: Array<{ objective: string; number: number; description: string; amount: Decimal; start: string; end: string }>;
	indicators: Array<{ objective: string; code: string; description: string; type: string; unit: string; polarity: string; baseline: Decimal | null; target: Decimal | string; weight: Decimal }>;
	measurements: Array<{ indicator: string; date: string; value: Decimal | string; justification: string; source: string }>;
}

const YEAR = 2031;
const TEXTS = ['Attività città perché più', 'Qualità dell’aria: “misure” e controlli', 'Riga uno\nriga due; con virgola, e punto e virgola', 'Servizi € 1.000', 'Però — già'];

function dataset(seed: number): Dataset {
	const r = random(seed);
	const d: Dataset = { objectives: [], phases: [], indicators: [], measurements: [] };
	for (let o = 1; o <= 8; o++) {
		const code = `OB-${o}`;
		d.objectives.push({
			code,
			publicValue: r.pick(['Benessere e qualità', 'Efficienza, trasparenza']),
			title: `${r.pick(TEXTS).split('\n')[0]} ${o}`,
			description: r.pick(TEXTS),
			centre: `C${r.int(1, 3)}`,
			centreName: '',
			director: r.pick(['Anna Rossi', 'Niccolò Fabbrì']),
			weight: randomDecimal(r, { maxDigits: 3, maxDecimals: 2 })
		});
		const numbers = new Set<number>();
		while (numbers.size < 3) numbers.add(r.int(1, 999_999));
		for (const number of numbers) {
			const month = r.int(1, 6);
			d.phases.push({
				objective: code,
				number,
				description: r.pick(TEXTS),
				amount: randomDecimal(r, { maxDigits: 10, maxDecimals: 2 }),
				start: `${YEAR}-${String(month).padStart(2, '0')}-0${r.int(1, 9)}`,
				end: `${YEAR}-${String(month + r.int(1, 6)).padStart(2, '0')}-${r.int(10, 28)}`
			});
		}
		for (let i = 1; i <= 4; i++) {
			const type = r.pick(['numero', 'percentuale', 'numero']);
			const ind = `${code}-I${i}`;
			d.indicators.push({
				objective: code,
				code: ind,
				description: r.pick(TEXTS),
				type,
				unit: type === 'percentuale' ? '%' : r.pick(['pratiche', 'unità', '€']),
				polarity: r.pick(['crescente', 'decrescente', '']),
				baseline: r.next() < 0.2 ? null : randomDecimal(r, { signed: true }),
				target: randomDecimal(r, { signed: true }),
				weight: randomDecimal(r, { maxDigits: 2, maxDecimals: 1 })
			});
			for (const date of [`${YEAR}-03-31`, `${YEAR}-06-30`, `${YEAR}-12-31`]) {
				d.measurements.push({ indicator: ind, date, value: randomDecimal(r, { signed: true }), justification: r.next() < 0.3 ? r.pick(TEXTS) : '', source: r.pick(['', 'protocollo', 'Ufficio città']) });
			}
		}
	}
	// A yes/no and a deadline indicator, whose values are words and dates.
	d.indicators.push({ objective: 'OB-1', code: 'OB-1-SN', description: 'Piano approvato', type: 'si_no', unit: '', polarity: '', baseline: null, target: 'si', weight: { negative: false, integer: '1', decimals: '' } });
	d.indicators.push({ objective: 'OB-1', code: 'OB-1-DT', description: 'Entro la scadenza', type: 'data', unit: '', polarity: '', baseline: null, target: `${YEAR}-06-30`, weight: { negative: false, integer: '1', decimals: '' } });
	d.measurements.push({ indicator: 'OB-1-SN', date: `${YEAR}-12-31`, value: 'no', justification: 'In ritardo', source: '' });
	d.measurements.push({ indicator: 'OB-1-DT', date: `${YEAR}-12-31`, value: `${YEAR}-07-15`, justification: '', source: '' });
	return d;
}

type Style = 'programma' | 'excel' | 'bom-tab';

/** The five files of `d`, written in one style, into a new folder. */
function writeFiles(d: Dataset, style: Style, seed: number): string {
	const dir = tempDir(`dialetti-${style}`);
	const r = random(seed + 1);
	const delimiter = style === 'excel' ? ';' : style === 'bom-tab' ? '\t' : ',';
	const eol = style === 'excel' ? '\r\n' : '\n';
	const num = (x: Decimal) => (style === 'programma' ? programNumber(x) : excelNumber(x, style === 'excel' && r.next() < 0.7));
	const date = (iso: string) => (style === 'programma' ? iso : italianDate(iso));
	const word = (w: string) => (style === 'excel' && w === 'si' ? 'Sì' : w);
	const head = (canonical: string[], excel: string[]) => (style === 'excel' ? excel : canonical);
	const write = (name: string, header: string[], rows: string[][]) => {
		const text = [header, ...rows].map((row) => csvLine(row, delimiter)).join(eol) + eol;
		const bytes = style === 'excel' ? windows1252(text) : new TextEncoder().encode(style === 'bom-tab' ? `\uFEFF${text}` : text);
		fs.writeFileSync(path.join(dir, name), bytes);
	};
	write('piano.csv', head(['anno', 'ente', 'titolo'], ['Anno', 'Ente', 'Titolo']), [[String(YEAR), 'Comune di Città di Prova', 'Piano della performance 2031–2033']]);
	write(
		'obiettivi.csv',
		head(
			['anno', 'codice', 'valore_pubblico', 'titolo', 'descrizione', 'cdr_codice', 'cdr_nome', 'dirigente', 'peso'],
			['Anno', 'Codice', 'Valore pubblico', 'Titolo', 'Descrizione', 'CdR codice', 'CdR nome', 'Dirigente', 'Peso']
		),
		d.objectives.map((o) => [String(YEAR), o.code, o.publicValue, o.title, o.description, o.centre, o.centreName, o.director, num(o.weight)])
	);
	write(
		'fasi.csv',
		head(['codice_obiettivo', 'numero', 'descrizione', 'importo', 'data_inizio', 'data_fine'], ['Codice obiettivo', 'Numero', 'Descrizione', 'Importo', 'Data inizio', 'Data fine']),
		d.phases.map((p) => [p.objective, num({ negative: false, integer: String(p.number), decimals: '' }), p.description, num(p.amount), date(p.start), date(p.end)])
	);
	write(
		'indicatori.csv',
		head(
			['codice_obiettivo', 'codice', 'descrizione', 'tipo', 'unita', 'polarita', 'baseline', 'target', 'peso'],
			['Codice obiettivo', 'Codice', 'Descrizione', 'Tipo', 'Unità', 'Polarità', 'Baseline', 'Target', 'Peso']
		),
		d.indicators.map((i) => [
			i.objective, i.code, i.description, i.type, i.unit, i.polarity,
			i.baseline ? num(i.baseline) : '',
			typeof i.target === 'string' ? (i.type === 'data' ? date(i.target) : word(i.target)) : num(i.target),
			num(i.weight)
		])
	);
	write(
		'misurazioni.csv',
		head(['codice_indicatore', 'data', 'valore', 'motivazione', 'fonte'], ['Codice indicatore', 'Data', 'Valore', 'Motivazione', 'Fonte']),
		d.measurements.map((m) => [m.indicator, date(m.date), typeof m.value === 'string' ? (/^\d{4}-/.test(m.value) ? date(m.value) : word(m.value)) : num(m.value), m.justification, m.source])
	);
	return dir;
}

function importInto(dir: string) {
	const db = path.join(dir, 'cruscotto.sqlite');
	const r = spawnSync(TSX, ['src/cli/import.ts', dir, '--db', db], { encoding: 'utf8' });
	return { code: r.status, output: r.stdout + r.stderr, db };
}

async function dump(file: string) {
	const db = openDatabase(file);
	try {
		return dumpDatabase(db);
	} finally {
		await db.close();
	}
}

const cents = (x: Decimal) => Number(x.integer) * 100 + Number(x.decimals.padEnd(2, '0'));

describe('the same data written three ways imports the same', () => {
	const seed = Date.now() % 1_000_000;

	it(`canonical, Italian Excel and UTF-8 with BOM and tabs give identical databases, every number exact (seme ${seed})`, async () => {
		const d = dataset(seed);
		const dumps: Record<string, Record<string, unknown[]>> = {};
		for (const style of ['programma', 'excel', 'bom-tab'] as const) {
			const dir = writeFiles(d, style, seed);
			const r = importInto(dir);
			expect(r.code, `${style}, seme ${seed}:\n${r.output}`).toBe(0);
			dumps[style] = await dump(r.db);
		}
		const db = dumps.programma;
		// Every numeric column reads back exactly what was written.
		const byCode = <T extends { code: string }>(rows: unknown[]) => new Map((rows as T[]).map((row) => [row.code, row]));
		const objectives = byCode<{ code: string; weight: number }>(db.objective);
		for (const o of d.objectives) expect(objectives.get(o.code)!.weight, `peso di ${o.code}, seme ${seed}`).toBe(valueOf(o.weight));
		const phases = db.phase as Array<{ code: string; number: number; amount_cents: number }>;
		for (const p of d.phases) {
			expect(phases.find((x) => x.code === p.objective && x.number === p.number)?.amount_cents, `importo della fase ${p.objective}/${p.number}, seme ${seed}`).toBe(cents(p.amount));
		}
		const indicators = byCode<{ code: string; baseline: number | null; target: number | null; weight: number }>(db.indicator);
		for (const i of d.indicators) {
			const got = indicators.get(i.code)!;
			expect(got.baseline, `baseline di ${i.code}, seme ${seed}`).toBe(i.baseline ? valueOf(i.baseline) : null);
			if (typeof i.target !== 'string') expect(got.target, `target di ${i.code}, seme ${seed}`).toBe(valueOf(i.target));
			expect(got.weight, `peso di ${i.code}, seme ${seed}`).toBe(valueOf(i.weight));
		}
		const measurements = db.measurement as Array<{ code: string; date: string; value: number | null; value_date: string | null; source: string | null }>;
		expect(measurements).toHaveLength(d.measurements.length);
		for (const m of d.measurements) {
			const got = measurements.find((x) => x.code === m.indicator && x.date === m.date)!;
			if (typeof m.value !== 'string') expect(got.value, `valore di ${m.indicator} al ${m.date}, seme ${seed}`).toBe(valueOf(m.value));
		}
		expect(measurements.find((x) => x.code === 'OB-1-SN')).toMatchObject({ value: 0 });
		expect(measurements.find((x) => x.code === 'OB-1-DT')).toMatchObject({ value_date: `${YEAR}-07-15` });
		expect((db.objective as Array<{ description: string }>).map((o) => o.description)).toContain(TEXTS.find((t) => d.objectives.some((o) => o.description === t)));
		// And the three databases hold identical data, text with accents included.
		expect(dumps.excel).toEqual(dumps.programma);
		expect(dumps['bom-tab']).toEqual(dumps.programma);
	}, 120_000);
});

describe('a file that cannot be decoded exactly is refused', () => {
	it('UTF-8 with one stray Windows-1252 byte: exit code 1, the line and byte, nothing written', () => {
		const dir = tempDir('codifica');
		const utf8 = new TextEncoder().encode(`anno;ente;titolo\r\n${YEAR};Comune di Città;Attività città perché\r\n`);
		fs.writeFileSync(path.join(dir, 'piano.csv'), new Uint8Array([...utf8, ...new TextEncoder().encode('2032;Comune di Citt'), 0xe0, 0x0d, 0x0a]));
		const r = importInto(dir);
		expect(r.code).toBe(1);
		expect(r.output).toMatch(/piano\.csv:3: codifica mista: .*riga 3, byte 20 della riga \(0xE0\)/);
		expect(r.output).toContain('nessuna modifica al database');
	});
});

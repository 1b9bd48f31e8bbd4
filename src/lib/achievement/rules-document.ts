/**
 * The rules of a plan year as a text file a person can read and write (docs/regole.md): sections in
 * square brackets, one `chiave: valore` per line, Italian numbers ("90 %", "1.234,5"), `#` comments.
 * `formatRulesDocument` writes every rule, the defaults included, with a comment on the choices;
 * `parseRulesDocument` reads it back and reports every problem at once, each with its line.
 * Pure: no I/O, so the CLI, the editor and the tests share it.
 */
import {
	DEFAULT_SETTINGS,
	italianNumber,
	type AchievementSettings,
	type Aggregation,
	type DecreasingFormula,
	type MissingValues,
	type PhaseMeasure,
	type RoundingLevel,
	type Scale,
	type ScaleBand,
	type StatusClass,
	type WeightsRule
} from './rules';
import { validateRules } from './rules-validation';

export interface RulesDocument {
	/** A short description of where the rules come from (the SMVP's act), shown beside every score. */
	description: string;
	rules: AchievementSettings;
}

export interface DocumentProblem {
	line: number;
	field: string;
	message: string;
}

// Words of the file ↔ values of the engine.
const FORMULAS: Record<string, DecreasingFormula> = { rapporto: 'rapporto', scostamento: 'scostamento' };
const MISSING: Record<string, MissingValues> = { esclusi: 'esclusi', zero: 'zero', 'zero al 31 dicembre': 'zero_finale' };
const AGGREGATIONS: Record<string, Aggregation> = {
	'media ponderata': 'media_ponderata',
	'somma dei punti': 'somma_punti',
	minimo: 'minimo',
	'tutti raggiunti': 'tutti_raggiunti'
};
const WEIGHTS: Record<string, WeightsRule> = { 'nessuna regola': 'nessuna', avviso: 'avviso', 'punteggio zero': 'zero' };
const PHASES: Record<string, PhaseMeasure> = { no: 'no', 'per numero': 'numero', 'per importo': 'importo' };
const LEVELS: Record<string, RoundingLevel> = { 'solo stato': 'stato', indicatore: 'indicatore', obiettivo: 'obiettivo' };
const TONES: Record<string, StatusClass['tone']> = { 'in linea': 'on_track', 'a rischio': 'at_risk', critico: 'off_track' };
const READS: Record<string, Scale['on']> = { rapporto: 'rapporto', valore: 'valore' };
const wordOf = <T extends string>(map: Record<string, T>, value: T) => Object.entries(map).find(([, v]) => v === value)![0];
const choices = (map: Record<string, string>) => Object.keys(map).map((k) => `«${k}»`).join(', ');

/** Italian number: "1.234,5" → 1234.5; "0,5" → 0.5; "12" → 12. */
export function parseItalianNumber(text: string): number | null {
	const t = text.trim().replace(/\s/g, '');
	if (!/^[+-]?[\d.]*\d(,\d+)?$/.test(t)) return null;
	if (t.includes('.') && !/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) return null; // dots only as thousands
	const n = Number(t.replace(/\./g, '').replace(',', '.'));
	return Number.isFinite(n) ? n : null;
}

/** "90 %" or "90,5%" → 0.9 / 0.905; a percentage must say so, so that 0,9 and 90 % are never confused. */
export function parsePercent(text: string): number | null {
	const m = /^(.*\S)\s*%$/.exec(text.trim());
	if (!m) return null;
	const n = parseItalianNumber(m[1]);
	return n === null ? null : n / 100;
}

const it = (x: number) => italianNumber(x);
const percent = (x: number) => `${it(x * 100)} %`;

export function formatRulesDocument(doc: RulesDocument, year: number): string {
	const r = doc.rules;
	const out: string[] = [];
	const line = (s = '') => out.push(s);
	line(`# Regole di misurazione della performance – piano ${year}`);
	line('# Formato descritto in docs/regole.md. Righe con # sono commenti; le percentuali si scrivono con «%».');
	line(`descrizione: ${doc.description}`);
	line();
	line('[stato]');
	line(`in linea da: ${percent(r.onTrack)}`);
	line(`a rischio da: ${percent(r.atRisk)}`);
	line();
	line('# Classi con nome (al posto delle due soglie): «Nome: da 95 %, in linea» (toni: in linea, a rischio, critico)');
	line('[classi]');
	for (const c of r.classes ?? []) line(`${c.label}: da ${percent(c.from)}, ${wordOf(TONES, c.tone)}`);
	line();
	line('[indicatori]');
	line(`tetto: ${percent(r.cap)}`);
	line(`# formula decrescente: ${choices(FORMULAS)}`);
	line(`formula decrescente: ${wordOf(FORMULAS, r.decreasingFormula)}`);
	line(`# valori mancanti: ${choices(MISSING)}`);
	line(`valori mancanti: ${wordOf(MISSING, r.missingValues)}`);
	line();
	line('# Scaglioni del piano sul rapporto al target: «da 50 %: 30 %» (vale per gli indicatori senza scala propria)');
	line('[scaglioni]');
	line(`interpola: ${r.interpolateBands ? 'sì' : 'no'}`);
	for (const b of [...(r.bands ?? [])].sort((a, b) => a.from - b.from)) line(`da ${percent(b.from)}: ${percent(b.score)}`);
	line();
	line('# Scadenze mancate: «fino a 10 giorni: 80 %»; oltre l\'ultima fascia, 0 %');
	line('[scadenze]');
	for (const b of [...(r.deadlineBands ?? [])].sort((a, b) => a.maxDaysLate - b.maxDaysLate)) line(`fino a ${b.maxDaysLate} giorni: ${percent(b.score)}`);
	line();
	line('[obiettivi]');
	line(`# aggregazione: ${choices(AGGREGATIONS)}`);
	line(`aggregazione: ${wordOf(AGGREGATIONS, r.aggregation)}`);
	line(`# pesi non a 100: ${choices(WEIGHTS)}`);
	line(`pesi non a 100: ${wordOf(WEIGHTS, r.weightsRule)}`);
	line(`# misura dalle fasi (obiettivi senza indicatori misurabili): ${choices(PHASES)}`);
	line(`misura dalle fasi: ${wordOf(PHASES, r.phaseMeasure ?? 'no')}`);
	line();
	line('[arrotondamento]');
	line(`decimali: ${r.decimals}`);
	line(`# livello: ${choices(LEVELS)}`);
	line(`livello: ${wordOf(LEVELS, r.roundingLevel)}`);
	const scale = (title: string, s: Scale | null) => {
		if (!s) return;
		line();
		line(`[${title}]`);
		line(`legge: ${wordOf(READS, s.on)}`);
		line(`sotto: ${percent(s.below)}`);
		const bound = (x: number) => (s.on === 'valore' ? it(x) : percent(x));
		for (const b of [...s.bands].sort((a, c) => a.from - c.from)) {
			const range = b.to === null ? `da ${bound(b.from)}` : `da ${bound(b.from)} a ${bound(b.to)}`;
			const score = b.score === 'proporzionale' ? 'proporzionale' : b.scoreTo !== null ? `da ${percent(b.score)} a ${percent(b.scoreTo)}` : percent(b.score);
			line(`${range}: ${score}`);
		}
	};
	scale('scala obiettivi', r.objectiveScale);
	scale('scala aggregati', r.aggregateScale);
	for (const code of Object.keys(r.scales ?? {}).sort()) scale(`scala indicatore ${code}`, r.scales[code]);
	for (const code of Object.keys(r.grades ?? {}).sort()) {
		line();
		line(`[giudizi ${code}]`);
		for (const g of r.grades[code]) line(`${g.name}: ${percent(g.score)}`);
	}
	return out.join('\n') + '\n';
}

type Section = { name: string; line: number; code?: string };

/**
 * Reads a rules file. Unknown sections and keys, repeated keys, numbers that do not read and choices
 * not in the list are errors with their line; then the rules are validated as a whole and each
 * problem is pinned to the line that stated it.
 */
export type ParsedRules =
	| { ok: true; document: RulesDocument; where: (path: string) => { line: number; field: string } }
	| { ok: false; problems: DocumentProblem[] };

export function parseRulesDocument(text: string): ParsedRules {
	const problems: DocumentProblem[] = [];
	const lineOf = new Map<string, number>();
	const fieldOf = new Map<string, string>();
	const r: AchievementSettings = structuredClone({ ...DEFAULT_SETTINGS, scales: {}, grades: {} });
	let description = '';
	const classes: StatusClass[] = [];
	const bands: NonNullable<AchievementSettings['bands']> = [];
	const deadlineBands: NonNullable<AchievementSettings['deadlineBands']> = [];
	const seen = new Set<string>();
	let section: Section = { name: '', line: 0 };
	let scale: Scale | null = null;

	const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
	lines.forEach((raw, index) => {
		const n = index + 1;
		const content = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '').trim();
		if (!content) return;
		const problem = (field: string, message: string) => problems.push({ line: n, field, message });
		const header = /^\[(.+)\]$/.exec(content);
		if (header) {
			const name = header[1].trim().replace(/\s+/g, ' ');
			const scaleOf = /^scala (obiettivi|aggregati)$/.exec(name);
			const perIndicator = /^(scala indicatore|giudizi) (\S+)$/.exec(name);
			const known = ['stato', 'classi', 'indicatori', 'scaglioni', 'scadenze', 'obiettivi', 'arrotondamento'];
			if (seen.has(name)) problem(`[${name}]`, 'sezione ripetuta');
			seen.add(name);
			scale = null;
			if (known.includes(name)) section = { name, line: n };
			else if (scaleOf || perIndicator?.[1] === 'scala indicatore') {
				scale = { on: 'rapporto', below: 0, bands: [] };
				const key = scaleOf ? (scaleOf[1] === 'obiettivi' ? 'objectiveScale' : 'aggregateScale') : `scales.${perIndicator![2]}`;
				if (scaleOf) r[key as 'objectiveScale' | 'aggregateScale'] = scale;
				else r.scales[perIndicator![2]] = scale;
				section = { name: key, line: n, code: perIndicator?.[2] };
				lineOf.set(key, n);
				fieldOf.set(key, `[${name}]`);
			} else if (perIndicator) {
				r.grades[perIndicator[2]] = [];
				section = { name: 'grades', line: n, code: perIndicator[2] };
				lineOf.set(`grades.${perIndicator[2]}`, n);
				fieldOf.set(`grades.${perIndicator[2]}`, `[${name}]`);
			} else {
				problem(`[${name}]`, 'sezione sconosciuta (vedi docs/regole.md)');
				section = { name: '?', line: n };
			}
			return;
		}
		const kv = /^([^:]+):(.*)$/.exec(content);
		if (!kv) return problem(content.slice(0, 40), 'riga non nella forma «chiave: valore»');
		const key = kv[1].trim().replace(/\s+/g, ' ');
		const value = kv[2].trim();
		const field = section.name && section.name !== '?' ? `${fieldOf.get(section.name) ?? `[${section.name}]`} ${key}` : key;
		const once = (path: string) => {
			if (lineOf.has(path) && section.name !== '' && !path.includes('.')) problem(field, 'valore già dato in questa sezione');
			lineOf.set(path, n);
			fieldOf.set(path, field);
		};
		const pctOr = (v: string, path: string) => {
			const p = parsePercent(v);
			if (p === null) problem(field, `«${v}» non è una percentuale (es. «90 %» o «87,5 %»)`);
			else once(path);
			return p;
		};
		const choice = <T extends string>(map: Record<string, T>, path: string): T | null => {
			const found = map[value.toLowerCase().replace(/\s+/g, ' ')];
			if (found === undefined) problem(field, `«${value}» non è tra le scelte: ${choices(map)}`);
			else once(path);
			return found ?? null;
		};

		if (section.name === '?') return;
		if (section.name === '') {
			if (key === 'descrizione') {
				description = value;
				if (value.length > 500) problem(field, 'descrizione troppo lunga (al massimo 500 caratteri)');
				return once('description');
			}
			return problem(field, 'chiave sconosciuta fuori da una sezione (solo «descrizione»)');
		}
		switch (section.name) {
			case 'stato': {
				if (key === 'in linea da') r.onTrack = pctOr(value, 'onTrack') ?? r.onTrack;
				else if (key === 'a rischio da') r.atRisk = pctOr(value, 'atRisk') ?? r.atRisk;
				else problem(field, 'chiave sconosciuta (in linea da, a rischio da)');
				return;
			}
			case 'classi': {
				const m = /^da\s+(.+?),\s*(.+)$/.exec(value);
				const from = m ? parsePercent(m[1]) : null;
				const tone = m ? TONES[m[2].trim().toLowerCase()] : undefined;
				if (!m || from === null || !tone) return problem(field, `scrivere «${key}: da 95 %, in linea» (toni: ${choices(TONES)})`);
				lineOf.set(`classes.${classes.length}`, n);
				fieldOf.set(`classes.${classes.length}`, field);
				classes.push({ label: key, from, tone });
				return;
			}
			case 'indicatori': {
				if (key === 'tetto') r.cap = pctOr(value, 'cap') ?? r.cap;
				else if (key === 'formula decrescente') r.decreasingFormula = choice(FORMULAS, 'decreasingFormula') ?? r.decreasingFormula;
				else if (key === 'valori mancanti') r.missingValues = choice(MISSING, 'missingValues') ?? r.missingValues;
				else problem(field, 'chiave sconosciuta (tetto, formula decrescente, valori mancanti)');
				return;
			}
			case 'scaglioni': {
				if (key === 'interpola') {
					const yes = { sì: true, si: true, no: false }[value.toLowerCase()];
					if (yes === undefined) return problem(field, '«sì» o «no»');
					r.interpolateBands = yes;
					return once('interpolateBands');
				}
				const m = /^da\s+(.+)$/.exec(key);
				const from = m ? parsePercent(m[1]) : null;
				const score = parsePercent(value);
				if (from === null || score === null) return problem(field, 'scrivere «da 50 %: 30 %» (dal rapporto al target indicato, il punteggio)');
				lineOf.set(`bands.${bands.length}`, n);
				fieldOf.set(`bands.${bands.length}`, field);
				bands.push({ from, score });
				return;
			}
			case 'scadenze': {
				const m = /^fino a\s+(\d+)\s+giorn[oi]$/.exec(key);
				const score = parsePercent(value);
				if (!m || score === null) return problem(field, 'scrivere «fino a 10 giorni: 80 %»');
				lineOf.set(`deadlineBands.${deadlineBands.length}`, n);
				fieldOf.set(`deadlineBands.${deadlineBands.length}`, field);
				deadlineBands.push({ maxDaysLate: Number(m[1]), score });
				return;
			}
			case 'obiettivi': {
				if (key === 'aggregazione') r.aggregation = choice(AGGREGATIONS, 'aggregation') ?? r.aggregation;
				else if (key === 'pesi non a 100') r.weightsRule = choice(WEIGHTS, 'weightsRule') ?? r.weightsRule;
				else if (key === 'misura dalle fasi') r.phaseMeasure = choice(PHASES, 'phaseMeasure') ?? r.phaseMeasure;
				else problem(field, 'chiave sconosciuta (aggregazione, pesi non a 100, misura dalle fasi)');
				return;
			}
			case 'arrotondamento': {
				if (key === 'decimali') {
					const d = parseItalianNumber(value);
					if (d === null || !Number.isInteger(d)) return problem(field, `«${value}» non è un numero intero di decimali`);
					r.decimals = d;
					return once('decimals');
				}
				if (key === 'livello') r.roundingLevel = choice(LEVELS, 'roundingLevel') ?? r.roundingLevel;
				else problem(field, 'chiave sconosciuta (decimali, livello)');
				return;
			}
			case 'grades': {
				const score = parsePercent(value);
				if (score === null) return problem(field, `«${value}» non è una percentuale (es. «70 %»)`);
				const list = r.grades[section.code!];
				lineOf.set(`grades.${section.code}.${list.length}`, n);
				fieldOf.set(`grades.${section.code}.${list.length}`, field);
				list.push({ name: key, score });
				return;
			}
			default: {
				// A scale section.
				const s = scale!;
				if (key === 'legge') {
					const on = READS[value.toLowerCase()];
					if (!on) return problem(field, `«${value}» non è tra le scelte: ${choices(READS)}`);
					if (s.bands.length > 0) return problem(field, '«legge» va prima delle fasce');
					s.on = on;
					return;
				}
				if (key === 'sotto') {
					s.below = pctOr(value, `${section.name}.below`) ?? 0;
					return;
				}
				const band = parseScaleBand(key, value, s.on);
				if ('error' in band) return problem(field, band.error);
				const path = `${section.name}.bands.${s.bands.length}`;
				lineOf.set(path, n);
				fieldOf.set(path, field);
				s.bands.push(band);
			}
		}
	});
	r.classes = classes.length > 0 ? classes : null;
	r.bands = bands.length > 0 ? bands : null;
	r.deadlineBands = deadlineBands.length > 0 ? deadlineBands : null;

	// Problems of the whole, pinned to the line that stated the value (or its section's).
	const where = (target: string) => {
		let path = target;
		while (path && !lineOf.has(path)) path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
		return { line: lineOf.get(path) ?? 0, field: fieldOf.get(path) ?? target };
	};
	for (const p of validateRules(r)) problems.push({ ...where(p.path), message: p.message });
	if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
	return { ok: true, document: { description, rules: r }, where };
}

/** A band line of a scale: «da 50 % a 80 %: da 40 % a 80 %», «da 95 %: 100 %», «da 0 a 30: proporzionale». */
function parseScaleBand(key: string, value: string, on: Scale['on']): ScaleBand | { error: string } {
	const m = /^da\s+(.+?)(?:\s+a\s+(.+))?$/.exec(key);
	const bound = (t: string) => (on === 'valore' ? parseItalianNumber(t) : parsePercent(t));
	const example = on === 'valore' ? '«da 0 a 30: 100 %»' : '«da 50 % a 80 %: 60 %»';
	if (!m) return { error: `scrivere la fascia come ${example}` };
	const from = bound(m[1]);
	const to = m[2] === undefined ? null : bound(m[2]);
	if (from === null || (m[2] !== undefined && to === null)) {
		return { error: `limiti non leggibili: ${on === 'valore' ? 'numeri (la scala legge il valore)' : 'percentuali (la scala legge il rapporto al target)'}, es. ${example}` };
	}
	if (value.toLowerCase() === 'proporzionale') return { from, to, score: 'proporzionale', scoreTo: null };
	const interpolated = /^da\s+(.+?)\s+a\s+(.+)$/.exec(value);
	if (interpolated) {
		const a = parsePercent(interpolated[1]);
		const b = parsePercent(interpolated[2]);
		if (a === null || b === null) return { error: 'punteggio interpolato: «da 40 % a 80 %»' };
		return { from, to, score: a, scoreTo: b };
	}
	const score = parsePercent(value);
	if (score === null) return { error: `«${value}»: un punteggio («60 %»), «da 40 % a 80 %» o «proporzionale»` };
	return { from, to, score, scoreTo: null };
}

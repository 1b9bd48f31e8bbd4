import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type AchievementSettings } from './rules';
import { formatRulesDocument, parseItalianNumber, parseRulesDocument } from './rules-document';
import { validateRules } from './rules-validation';
import { describeRules } from './rules-summary';

/** A body's rules far from the defaults: every section of the format says something. */
export const PEER_RULES: AchievementSettings = {
	...DEFAULT_SETTINGS,
	onTrack: 0.95,
	atRisk: 0.7,
	cap: 1.2,
	bands: [{ from: 0.4, score: 0.5 }, { from: 0.8, score: 1 }],
	interpolateBands: true,
	deadlineBands: [{ maxDaysLate: 10, score: 0.8 }, { maxDaysLate: 30, score: 0.5 }],
	decreasingFormula: 'scostamento',
	missingValues: 'zero_finale',
	aggregation: 'somma_punti',
	weightsRule: 'avviso',
	decimals: 0,
	roundingLevel: 'obiettivo',
	objectiveScale: { on: 'rapporto', below: 0, bands: [{ from: 0.6, to: 0.95, score: 'proporzionale', scoreTo: null }, { from: 0.95, to: null, score: 1, scoreTo: null }] },
	aggregateScale: null,
	classes: [
		{ label: 'Eccellente', from: 0.95, tone: 'on_track' },
		{ label: 'Adeguato', from: 0.7, tone: 'at_risk' },
		{ label: 'Inadeguato', from: 0, tone: 'off_track' }
	],
	scales: {
		'OB-1-I1': { on: 'valore', below: 0.1, bands: [{ from: 0, to: 30, score: 1, scoreTo: null }, { from: 30, to: 1234.5, score: 0.9, scoreTo: 0.2 }] }
	},
	grades: { 'OB-2-I1': [{ name: 'alto', score: 1 }, { name: 'medio', score: 0.7 }, { name: 'basso', score: 0.5 }, { name: 'nullo', score: 0 }] },
	phaseMeasure: 'importo'
};

describe('the rules file', () => {
	it.each([
		['the defaults', DEFAULT_SETTINGS],
		['a peer body\'s rules', PEER_RULES]
	])('writes %s and reads them back unchanged', (_n, rules) => {
		const text = formatRulesDocument({ description: 'SMVP 2022, decreto n. 5/2022', rules }, 2022);
		const back = parseRulesDocument(text);
		expect(back.ok && back.document).toEqual({ description: 'SMVP 2022, decreto n. 5/2022', rules });
	});

	it('reads what a person writes: CRLF, a BOM, comments, Italian numbers, case and spaces', () => {
		const text = '\uFEFF# regole\r\ndescrizione: prova\r\n[stato]\r\nin linea da:  92,5 %  # commento\r\n[obiettivi]\r\naggregazione:  Media   Ponderata\r\n[scala indicatore X-1]\r\nlegge: valore\r\nda 0 a 1.000: 100 %\r\nda 1.000: 50 %\r\n';
		const r = parseRulesDocument(text);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.document.rules.onTrack).toBeCloseTo(0.925, 10);
		expect(r.document.rules.scales['X-1'].bands).toEqual([{ from: 0, to: 1000, score: 1, scoreTo: null }, { from: 1000, to: null, score: 0.5, scoreTo: null }]);
	});

	it('reports every problem at once, each with its line and field', () => {
		const text = [
			'descrizione: prova', // 1
			'[stato]', // 2
			'in linea da: 60 %', // 3
			'a rischio da: 80 %', // 4
			'[indicatori]', // 5
			'tetto: 1,2', // 6: no % sign
			'formula decrescente: inversa', // 7
			'[scala obiettivi]', // 8
			'da 0 % a 50 %: 0 %', // 9
			'da 40 % a 90 %: 60 %', // 10: overlaps
			'da 95 %: 100 %', // 11: gap 90–95
			'[sconosciuta]', // 12
			'[obiettivi]', // 13
			'colore: rosso', // 14
			'misura dalle fasi: sì', // 15: not one of the choices
			'misura dalle fasi: per numero', // 16
			'misura dalle fasi: no' // 17: said twice
		].join('\n');
		const r = parseRulesDocument(text);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.problems.map((p) => `${p.line}: ${p.field}: ${p.message}`)).toEqual([
			'4: [stato] a rischio da: la soglia «a rischio» (80 %) supera quella «in linea» (60 %): soglie in ordine inverso',
			'6: [indicatori] tetto: «1,2» non è una percentuale (es. «90 %» o «87,5 %»)',
			'7: [indicatori] formula decrescente: «inversa» non è tra le scelte: «rapporto», «scostamento»',
			'10: [scala obiettivi] da 40 % a 90 %: la fascia da 40 % si sovrappone a quella che arriva a 50 %',
			'11: [scala obiettivi] da 95 %: tra 90 % e 95 % resta un vuoto: nessuna fascia lo copre',
			'12: [sconosciuta]: sezione sconosciuta (vedi docs/regole.md)',
			'14: [obiettivi] colore: chiave sconosciuta (aggregazione, pesi non a 100, misura dalle fasi)',
			'15: [obiettivi] misura dalle fasi: «sì» non è tra le scelte: «no», «per numero», «per importo»',
			'17: [obiettivi] misura dalle fasi: valore già dato in questa sezione'
		]);
	});

	it('the phases setting: off unless the file says so, and read in each of its words', () => {
		const base = 'descrizione: prova\n[obiettivi]\n';
		const read = (text: string) => {
			const r = parseRulesDocument(text);
			return r.ok ? r.document.rules.phaseMeasure : r.problems;
		};
		expect(read(base)).toBe('no');
		expect(read(`${base}misura dalle fasi: no`)).toBe('no');
		expect(read(`${base}misura dalle fasi: Per  Numero`)).toBe('numero');
		expect(read(`${base}misura dalle fasi: per importo`)).toBe('importo');
		expect(read('descrizione: prova\nmisura dalle fasi: per numero')).toEqual([
			{ line: 2, field: 'misura dalle fasi', message: 'chiave sconosciuta fuori da una sezione (solo «descrizione»)' }
		]);
		// A file written from stored rules says the choice, with its alternatives in a comment.
		const text = formatRulesDocument({ description: 'x', rules: { ...DEFAULT_SETTINGS, phaseMeasure: 'numero' } }, 2022);
		expect(text).toContain('# misura dalle fasi (obiettivi senza indicatori misurabili): «no», «per numero», «per importo»\nmisura dalle fasi: per numero\n');
	});

	it('Italian numbers: thousands with dots, decimals with a comma; nothing else', () => {
		expect(parseItalianNumber('1.234,5')).toBe(1234.5);
		expect(parseItalianNumber('12')).toBe(12);
		expect(parseItalianNumber('1.23')).toBeNull();
		expect(parseItalianNumber('abc')).toBeNull();
	});
});

describe('validateRules', () => {
	it.each([
		['defaults are valid', {}, []],
		['cap below 100 %', { cap: 0.9 }, ['cap']],
		['two plan bands from the same ratio', { bands: [{ from: 0.5, score: 0.3 }, { from: 0.5, score: 0.6 }] }, ['bands.1']],
		['classes without a lowest from 0 %', { classes: [{ label: 'A', from: 0.9, tone: 'on_track' as const }] }, ['classes']],
		['repeated grade', { grades: { X: [{ name: 'alto', score: 1 }, { name: 'Alto', score: 0.9 }] } }, ['grades.X.1']],
		['a band whose end is below its start', { objectiveScale: { on: 'rapporto' as const, below: 0, bands: [{ from: 0.5, to: 0.4, score: 1, scoreTo: null }] } }, ['objectiveScale.bands.0']],
		['decimals out of range', { decimals: 7 }, ['decimals']],
		['a phases setting not in the vocabulary', { phaseMeasure: 'sempre' }, ['phaseMeasure']]
	])('%s', (_n, r, paths) => {
		expect(validateRules({ ...DEFAULT_SETTINGS, ...(r as Partial<AchievementSettings>) }).map((p) => p.path)).toEqual(paths);
	});
});

describe('describeRules', () => {
	it('says the defaults in a few sentences', () => {
		expect(describeRules(DEFAULT_SETTINGS)).toEqual([
			{ label: 'Stato', text: 'in linea da 90 %, a rischio da 60 %, critico sotto' },
			{ label: 'Tetto', text: 'un indicatore conta al più 100 % (crescenti, decrescenti e con baseline)' },
			{ label: 'Indicatori decrescenti', text: 'target / valore' },
			{ label: 'Valori mancanti', text: 'esclusi dal calcolo' },
			{ label: 'Obiettivo', text: 'media ponderata dei suoi indicatori' },
			{ label: 'Arrotondamento', text: 'lo stato si decide sul punteggio stampato (una cifra decimale)' }
		]);
	});
	it('names every rule of a peer body, scales and grades included', () => {
		const lines = Object.fromEntries(describeRules(PEER_RULES).map((l) => [l.label, l.text]));
		expect(lines['Classi']).toBe('Eccellente da 95 % (in linea); Adeguato da 70 % (a rischio); Inadeguato da 0 % (critico)');
		expect(lines['Scala degli obiettivi']).toBe('sul rapporto al target; da 60 % a 95 %: il valore stesso; da 95 % in su: 100 %; sotto: 0 %');
		expect(lines['Scala dell’indicatore OB-1-I1']).toBe('sul valore rilevato; da 0 a 30: 100 %; da 30 a 1234,5: da 90 % a 20 %; sotto: 10 %');
		expect(lines['Giudizi dell’indicatore OB-2-I1']).toBe('alto 100 %; medio 70 %; basso 50 %; nullo 0 %');
		expect(lines['Pesi che non sommano a 100']).toBe('obiettivo segnalato');
		expect(lines['Obiettivi senza indicatori misurabili']).toBe(
			'misurati dalle fasi: fasi completate su fasi con fine prevista entro la data, pesate per importo (per numero se una di esse non ha importo)'
		);
	});
});

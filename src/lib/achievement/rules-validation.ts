/**
 * Whether a set of rules makes sense before anything is scored with it: thresholds in order, a cap not
 * below 100 %, scales whose bands neither overlap nor leave gaps, grades and classes without duplicates.
 * Every problem is returned at once, each with the path of what it is about (so a file parser can name
 * the line, and the editor the field) and an Italian message.
 */
import { italianNumber, italianPercent, PHASE_MEASURES, type AchievementSettings, type Scale } from './rules';
import { foldGradeName } from './grades';

export interface RulesProblem {
	/** Where: 'onTrack', 'bands.2', 'scales.2022-B7-OP-02-I1.bands.1', 'classes.0'... */
	path: string;
	message: string;
}

const pct = italianPercent;

export const MAX_DECIMALS = 4;

export function validateRules(rules: AchievementSettings): RulesProblem[] {
	const problems: RulesProblem[] = [];
	const add = (path: string, message: string) => problems.push({ path, message });
	const fraction = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

	if (!fraction(rules.onTrack) || rules.onTrack < 0 || rules.onTrack > 1) add('onTrack', 'la soglia «in linea» va da 0 % a 100 %');
	if (!fraction(rules.atRisk) || rules.atRisk < 0 || rules.atRisk > 1) add('atRisk', 'la soglia «a rischio» va da 0 % a 100 %');
	else if (rules.atRisk > rules.onTrack) add('atRisk', `la soglia «a rischio» (${pct(rules.atRisk)}) supera quella «in linea» (${pct(rules.onTrack)}): soglie in ordine inverso`);
	if (!fraction(rules.cap) || rules.cap < 1) add('cap', 'il tetto del punteggio non può essere inferiore al 100 %');
	else if (rules.cap > 10) add('cap', 'il tetto del punteggio oltre il 1.000 % non è plausibile');
	// Rules stored before the setting existed read as 'no' (withDefaults); anything else is a mistake.
	if (!PHASE_MEASURES.includes(rules.phaseMeasure)) add('phaseMeasure', `misura dalle fasi: «${String(rules.phaseMeasure)}» non è tra le scelte «no», «per numero», «per importo»`);
	if (!Number.isInteger(rules.decimals) || rules.decimals < 0 || rules.decimals > MAX_DECIMALS) add('decimals', `i decimali vanno da 0 a ${MAX_DECIMALS}`);

	const seenFrom = new Set<number>();
	(rules.bands ?? []).forEach((b, i) => {
		if (!fraction(b.from) || !fraction(b.score)) return add(`bands.${i}`, 'scaglione senza limite o punteggio numerico');
		if (seenFrom.has(b.from)) add(`bands.${i}`, `due scaglioni partono dallo stesso ${pct(b.from)}: si sovrappongono`);
		seenFrom.add(b.from);
		if (b.score < 0 || b.score > rules.cap) add(`bands.${i}`, `punteggio ${pct(b.score)} fuori da 0 %–tetto (${pct(rules.cap)})`);
	});
	const seenDays = new Set<number>();
	(rules.deadlineBands ?? []).forEach((b, i) => {
		if (!Number.isInteger(b.maxDaysLate) || b.maxDaysLate < 1) add(`deadlineBands.${i}`, 'i giorni di ritardo sono un numero intero da 1 in su');
		else if (seenDays.has(b.maxDaysLate)) add(`deadlineBands.${i}`, `due fasce con lo stesso ritardo (${b.maxDaysLate} giorni)`);
		seenDays.add(b.maxDaysLate);
		if (!fraction(b.score) || b.score < 0 || b.score > 1) add(`deadlineBands.${i}`, 'il punteggio di una scadenza mancata va da 0 % a 100 %');
	});

	if (rules.classes) {
		const labels = new Set<string>();
		const froms = new Set<number>();
		rules.classes.forEach((c, i) => {
			if (!c.label.trim()) add(`classes.${i}`, 'una classe senza nome');
			if (labels.has(c.label.toLowerCase())) add(`classes.${i}`, `classe «${c.label}» ripetuta`);
			labels.add(c.label.toLowerCase());
			if (!fraction(c.from) || c.from < 0 || c.from > rules.cap) add(`classes.${i}`, `la classe «${c.label}» parte da un valore fuori da 0 %–tetto`);
			else if (froms.has(c.from)) add(`classes.${i}`, `due classi partono dallo stesso ${pct(c.from)}`);
			froms.add(c.from);
		});
		if (rules.classes.length > 0 && !rules.classes.some((c) => c.from === 0)) add('classes', 'la classe più bassa deve partire da 0 %, o un punteggio basso resterebbe senza classe');
	}

	if (rules.objectiveScale) validateScale(rules.objectiveScale, 'objectiveScale', rules.cap, add);
	if (rules.aggregateScale) validateScale(rules.aggregateScale, 'aggregateScale', rules.cap, add);
	for (const [code, scale] of Object.entries(rules.scales ?? {})) validateScale(scale, `scales.${code}`, rules.cap, add);
	for (const [code, grades] of Object.entries(rules.grades ?? {})) {
		const names = new Set<string>();
		if (grades.length === 0) add(`grades.${code}`, 'un indicatore a giudizi senza giudizi');
		grades.forEach((g, i) => {
			// Matched without case or accents (grades.ts): «Più» and «piu» would be one grade.
			if (names.has(foldGradeName(g.name))) add(`grades.${code}.${i}`, `giudizio «${g.name}» ripetuto`);
			names.add(foldGradeName(g.name));
			if (!fraction(g.score) || g.score < 0 || g.score > rules.cap) add(`grades.${code}.${i}`, `il giudizio «${g.name}» vale ${pct(g.score)}: fuori da 0 %–tetto`);
		});
	}
	return problems;
}

/** Bands in order of `from`, each ending where the next starts: no overlap, no gap, at most one open end. */
function validateScale(scale: Scale, path: string, cap: number, add: (path: string, message: string) => void): void {
	if (scale.bands.length === 0) return add(path, 'una scala senza fasce');
	if (!Number.isFinite(scale.below) || scale.below < 0 || scale.below > cap) add(`${path}.below`, 'il punteggio sotto la scala va da 0 % al tetto');
	const order = scale.bands.map((b, i) => ({ b, i })).sort((x, y) => x.b.from - y.b.from);
	const bound = (x: number) => (scale.on === 'valore' ? italianNumber(x) : pct(x));
	order.forEach(({ b, i }, k) => {
		const here = `${path}.bands.${i}`;
		if (b.to !== null && b.to <= b.from) add(here, `la fascia va da ${bound(b.from)} a ${bound(b.to)}: il limite superiore deve superare quello inferiore`);
		if (b.score !== 'proporzionale' && (b.score < 0 || b.score > cap)) add(here, `punteggio ${pct(b.score)} fuori da 0 %–tetto`);
		if (b.scoreTo !== null && (b.scoreTo < 0 || b.scoreTo > cap)) add(here, `punteggio ${pct(b.scoreTo)} fuori da 0 %–tetto`);
		if (b.scoreTo !== null && b.to === null) add(here, 'un punteggio interpolato richiede un limite superiore');
		const next = order[k + 1]?.b;
		if (!next) return;
		if (b.to === null) add(here, `la fascia da ${bound(b.from)} è aperta in alto ma ne segue un'altra da ${bound(next.from)}: si sovrappongono`);
		else if (next.from < b.to) add(`${path}.bands.${order[k + 1].i}`, `la fascia da ${bound(next.from)} si sovrappone a quella che arriva a ${bound(b.to)}`);
		else if (next.from > b.to) add(`${path}.bands.${order[k + 1].i}`, `tra ${bound(b.to)} e ${bound(next.from)} resta un vuoto: nessuna fascia lo copre`);
	});
}

/**
 * The rules of a year in plain Italian sentences, one per rule, for the pages that publish them and
 * the reports that cite them. Pure: the words of docs/regole.md, filled with the body's numbers.
 */
import { italianNumber, italianPercent, type AchievementSettings, type Scale } from './rules';

const pct = italianPercent;
const TONE = { on_track: 'in linea', at_risk: 'a rischio', off_track: 'critico' } as const;

/** The phases rule in the words every page that uses it repeats (docs/regole.md, «Misura dalle fasi»). */
export const PHASE_MEASURE_TEXT: Record<AchievementSettings['phaseMeasure'], string> = {
	no: 'non misurabili (le fasi non contano)',
	numero: 'misurati dalle fasi: fasi completate su fasi con fine prevista entro la data, per numero',
	importo: 'misurati dalle fasi: fasi completate su fasi con fine prevista entro la data, pesate per importo (per numero se una di esse non ha importo)'
};

export interface RuleLine {
	label: string;
	text: string;
}

function scaleText(s: Scale): string {
	const bound = (x: number) => (s.on === 'valore' ? italianNumber(x) : pct(x));
	const bands = [...s.bands]
		.sort((a, b) => a.from - b.from)
		.map((b) => {
			const range = b.to === null ? `da ${bound(b.from)} in su` : `da ${bound(b.from)} a ${bound(b.to)}`;
			const score = b.score === 'proporzionale' ? 'il valore stesso' : b.scoreTo !== null ? `da ${pct(b.score)} a ${pct(b.scoreTo)}` : pct(b.score);
			return `${range}: ${score}`;
		});
	return `${s.on === 'valore' ? 'sul valore rilevato' : 'sul rapporto al target'}; ${bands.join('; ')}; sotto: ${pct(s.below)}`;
}

export function describeRules(r: AchievementSettings): RuleLine[] {
	const lines: RuleLine[] = [];
	const add = (label: string, text: string) => lines.push({ label, text });
	if (r.classes && r.classes.length > 0) {
		add('Classi', [...r.classes].sort((a, b) => b.from - a.from).map((c) => `${c.label} da ${pct(c.from)} (${TONE[c.tone]})`).join('; '));
	} else {
		add('Stato', `in linea da ${pct(r.onTrack)}, a rischio da ${pct(r.atRisk)}, critico sotto`);
	}
	add('Tetto', `un indicatore conta al più ${pct(r.cap)} (crescenti, decrescenti e con baseline)`);
	add('Indicatori decrescenti', r.decreasingFormula === 'rapporto' ? 'target / valore' : 'scostamento lineare (2 × target − valore) / target');
	add('Valori mancanti', { esclusi: 'esclusi dal calcolo', zero: 'contano 0 %', zero_finale: 'esclusi nei monitoraggi intermedi, 0 % al 31 dicembre' }[r.missingValues]);
	add(
		'Obiettivo',
		{ media_ponderata: 'media ponderata dei suoi indicatori', somma_punti: 'somma dei punti (peso × punteggio, su 100)', minimo: 'il punteggio più basso dei suoi indicatori', tutti_raggiunti: '100 % se ogni indicatore raggiunge il target, altrimenti 0 %' }[r.aggregation]
	);
	// Said only when it applies, like the weights rule: the default is the engine's «non misurabile».
	if ((r.phaseMeasure ?? 'no') !== 'no') add('Obiettivi senza indicatori misurabili', PHASE_MEASURE_TEXT[r.phaseMeasure]);
	if (r.weightsRule !== 'nessuna') add('Pesi che non sommano a 100', r.weightsRule === 'avviso' ? 'obiettivo segnalato' : 'l’obiettivo conta 0 %');
	if (r.bands && r.bands.length > 0) {
		add('Scaglioni', `${[...r.bands].sort((a, b) => a.from - b.from).map((b) => `da ${pct(b.from)}: ${pct(b.score)}`).join('; ')}${r.interpolateBands ? ', interpolati' : ''}`);
	}
	if (r.deadlineBands && r.deadlineBands.length > 0) {
		add('Scadenze mancate', [...r.deadlineBands].sort((a, b) => a.maxDaysLate - b.maxDaysLate).map((b) => `fino a ${b.maxDaysLate} giorni: ${pct(b.score)}`).join('; '));
	}
	add('Arrotondamento', r.roundingLevel === 'stato' ? 'lo stato si decide sul punteggio stampato (una cifra decimale)' : `${r.decimals} decimali, ${r.roundingLevel === 'indicatore' ? 'da ogni indicatore' : 'da ogni obiettivo'} in su`);
	if (r.objectiveScale) add('Scala degli obiettivi', scaleText(r.objectiveScale));
	if (r.aggregateScale) add('Scala di dirigenti, CdR e piano', scaleText(r.aggregateScale));
	for (const code of Object.keys(r.scales ?? {}).sort()) add(`Scala dell’indicatore ${code}`, scaleText(r.scales[code]));
	for (const code of Object.keys(r.grades ?? {}).sort()) add(`Giudizi dell’indicatore ${code}`, r.grades[code].map((g) => `${g.name} ${pct(g.score)}`).join('; '));
	return lines;
}

/**
 * The first draft of the Relazione sulla performance (D.Lgs. 150/2009 art. 10) as a document outline:
 * headings, paragraphs, lists and tables of text, already in Italian formats. Pure: the DOCX writer
 * (server/reports/relazione-docx.ts) only lays it out, and a test can read the outline without Word.
 *
 * The order follows the Relazione as boards write it: the body and the plan, the overall result, one
 * section per public value with its objectives, the results per director and CdR, the quality of the
 * indicators, a note on the method.
 */
import { describeRules } from '../achievement/rules-summary';
import { phaseMeasureNote } from '../phases/measure';
import type { EvaluatedIndicator, EvaluatedObjective } from '../server/evaluation.service';
import { aggregateBy, aggregateOf } from '../server/evaluation.service';
import { aggregateByDirector } from '../shared-objectives';
import type { AggregateAchievement } from '../achievement/achievement';
import { countLabel, formatDate, formatNumber } from '../format';
import { formatTypedValue } from '../indicator-labels';
import { formatPercent, STATUS_LABELS } from '../status';
import { groupBase, QUALITY_CHECKS, qualityFindings, type QualityCheck, type ReportData } from './builders';
import { coverageOf, type CoverageSettings } from '../coverage';
import { rowsByKey } from '../grouping';
import { period } from './print-layout';
import { latenessText } from '../phases/late';
import { PHASE_STATUS_LABELS } from '../vocabulary';

export type Block =
	| { kind: 'heading'; level: 1 | 2 | 3; text: string }
	| { kind: 'paragraph'; text: string; note?: boolean }
	| { kind: 'list'; items: string[] }
	| { kind: 'table'; caption: string; columns: Array<{ label: string; numeric?: boolean; width: number }>; rows: string[][]; totalRow?: boolean };

export interface RelazioneDocument {
	title: string;
	subtitle: string;
	blocks: Block[];
}

export interface PlanInfo {
	body: string;
	title: string;
	year: number;
	/** The filters that made the selection, in words. */
	selection: string;
}

const targetText = (i: EvaluatedIndicator) =>
	i.type === 'si_no' && i.target === null ? 'Sì' : i.target === null && i.targetDate === null ? '—' : formatTypedValue(i.type, i.target, i.targetDate, i.unit);
const valueText = (i: EvaluatedIndicator) => (i.latest ? formatTypedValue(i.type, i.latest.value, i.latest.valueDate, i.unit, i.latest.grade) : 'nessun valore');
const scoreText = (i: EvaluatedIndicator) => (i.result.kind === 'measured' ? formatPercent(i.result.score) : '—');
const short = (i: EvaluatedIndicator) => i.status === 'not_measured' || (i.result.kind === 'measured' && i.result.score < 1);

const DISTRIBUTION_COLUMNS = [
	{ label: 'Obiettivi', numeric: true, width: 11 },
	{ label: 'Con valore', numeric: true, width: 9 },
	{ label: 'Raggiungimento', numeric: true, width: 15 },
	{ label: 'In linea', numeric: true, width: 8 },
	{ label: 'A rischio', numeric: true, width: 8 },
	{ label: 'Critici', numeric: true, width: 8 },
	{ label: 'Senza valore', numeric: true, width: 9 },
	{ label: 'Senza target', numeric: true, width: 9 }
];
/** Below the minimum coverage a group's percentage is not given: the cell says so (as on the public pages). */
const distributionCells = (a: AggregateAchievement, coverage?: CoverageSettings) => [
	formatNumber(a.objectives),
	formatNumber(coverageOf(a, coverage).scored),
	groupBase(a, coverage).shown ? formatPercent(a.score) : 'non ancora disponibile',
	...(['on_track', 'at_risk', 'off_track', 'not_measured', 'not_measurable'] as const).map((s) => formatNumber(a.distribution[s]))
];

export function buildRelazioneDocument(data: ReportData, plan: PlanInfo, generatedAt: string): RelazioneDocument {
	const s = data.settings;
	const objectives = data.objectives;
	const indicators = objectives.flatMap((o) => o.indicators);
	const total = aggregateOf(objectives, s);
	// Each objective's phases found in one pass (a filter per objective grows with objectives × phases).
	const phasesOf = rowsByKey(data.phases, (f) => f.objective_id);
	const blocks: Block[] = [];
	const h = (level: 1 | 2 | 3, text: string) => blocks.push({ kind: 'heading', level, text });
	const p = (text: string, note = false) => blocks.push({ kind: 'paragraph', text, note });

	p(
		`Prima stesura prodotta dal cruscotto della performance il ${formatDate(generatedAt)} con i dati al ${formatDate(data.date)} ` +
			`(${plan.selection}). È una base da completare: i testi di commento sono dell’ente, i numeri vengono dal cruscotto.`,
		true
	);

	// 1. The body and the plan.
	h(1, '1. L’ente e il piano');
	const centres = new Set(objectives.map((o) => o.centreCode)).size;
	const directors = new Set(objectives.map((o) => o.directorId)).size;
	const publicValues = aggregateBy(objectives, (o) => o.publicValueId, (o) => o.publicValue, s);
	p(
		`${plan.body} – ${plan.title}. Il piano ${plan.year} articola la performance in ${formatNumber(publicValues.length)} valori pubblici, ` +
			`${formatNumber(objectives.length)} obiettivi operativi e ${formatNumber(indicators.length)} indicatori, ` +
			`affidati a ${formatNumber(directors)} dirigenti e ${formatNumber(centres)} centri di responsabilità.`
	);
	blocks.push({
		kind: 'table',
		caption: 'Il piano in cifre',
		columns: [{ label: 'Elemento', width: 40 }, { label: 'Numero', numeric: true, width: 12 }],
		rows: [
			['Valori pubblici', formatNumber(publicValues.length)],
			['Obiettivi operativi', formatNumber(objectives.length)],
			['Indicatori', formatNumber(indicators.length)],
			['di cui con target', formatNumber(indicators.filter((i) => i.status !== 'not_measurable').length)],
			['Fasi', formatNumber(data.phases.filter((f) => objectives.some((o) => o.id === f.objective_id)).length)],
			['Dirigenti', formatNumber(directors)],
			['Centri di responsabilità', formatNumber(centres)]
		]
	});

	// 2. The overall result.
	h(1, '2. Il risultato complessivo');
	const totalBase = groupBase(total, data.coverage);
	p(
		(totalBase.shown
			? `Al ${formatDate(data.date)} il raggiungimento complessivo del piano è ${formatPercent(total.score)} (${(total.label ?? STATUS_LABELS[total.status]).toLowerCase()}), ${totalBase.text}. `
			: `Al ${formatDate(data.date)} il raggiungimento complessivo del piano non è ancora disponibile: ${totalBase.text.replace(/^Non ancora disponibile: /, 'si baserebbe ')}. `) +
			`Su ${formatNumber(total.objectives)} obiettivi, ${formatNumber(total.distribution.on_track)} sono in linea, ${formatNumber(total.distribution.at_risk)} a rischio, ` +
			`${formatNumber(total.distribution.off_track)} critici, ${formatNumber(total.distribution.not_measured)} senza valore e ${formatNumber(total.distribution.not_measurable)} senza target.`
	);
	blocks.push({
		kind: 'table',
		caption: 'Raggiungimento per valore pubblico',
		columns: [{ label: 'Valore pubblico', width: 26 }, ...DISTRIBUTION_COLUMNS],
		rows: [...publicValues.map((g) => [g.label, ...distributionCells(g.achievement, data.coverage)]), ['Totale', ...distributionCells(total, data.coverage)]],
		totalRow: true
	});

	// 3. One section per public value, one subsection per objective.
	h(1, '3. I risultati per valore pubblico');
	publicValues.forEach((g, n) => {
		h(2, `3.${n + 1} ${g.label}`);
		const base = groupBase(g.achievement, data.coverage);
		p(
			`${countLabel(g.objectives.length, 'obiettivo', 'obiettivi')}; ` +
				(base.shown
					? `raggiungimento ${formatPercent(g.achievement.score)} (${(g.achievement.label ?? STATUS_LABELS[g.achievement.status]).toLowerCase()}), ${base.text}.`
					: `raggiungimento non ancora disponibile: ${base.text.replace(/^Non ancora disponibile: /, 'si baserebbe ')}.`)
		);
		for (const o of g.objectives) objectiveSection(o);
	});

	function objectiveSection(o: EvaluatedObjective) {
		h(3, `${o.code} ${o.title}`);
		p(
			`Dirigente: ${o.director}. CdR: ${o.centreCode} ${o.centreName}. ` +
				(o.achievement.score === null ? `Raggiungimento non calcolabile (${STATUS_LABELS[o.achievement.status].toLowerCase()})` : `Raggiungimento: ${formatPercent(o.achievement.score)} – ${o.achievement.label ?? STATUS_LABELS[o.achievement.status]}`) +
				(o.achievement.measurable > 0 ? ` (${formatNumber(o.achievement.measured)} indicatori misurati su ${formatNumber(o.achievement.measurable)} con target).` : '.')
		);
		// The rules measured it by its phases: the rule as it was applied.
		const byPhases = phaseMeasureNote(o.achievement);
		if (byPhases) p(byPhases);
		phasesTable(o);
		if (o.indicators.length === 0) {
			if (!byPhases) p('L’obiettivo non ha indicatori: il risultato non è misurabile.');
			return;
		}
		blocks.push({
			kind: 'table',
			caption: `Indicatori di ${o.code}`,
			columns: [
				{ label: 'Indicatore', width: 46 },
				{ label: 'Target', numeric: true, width: 14 },
				{ label: 'Valore', numeric: true, width: 14 },
				{ label: 'Raggiungimento', numeric: true, width: 13 },
				{ label: 'Stato', width: 13 }
			],
			rows: o.indicators.map((i) => [`${i.code} ${i.description}`, targetText(i), valueText(i), scoreText(i), STATUS_LABELS[i.status]])
		});
		const deviations = o.indicators.filter(short);
		if (deviations.length > 0) {
			p('Scostamenti e motivazioni:');
			blocks.push({ kind: 'list', items: deviations.map((i) => `${i.code} (${scoreText(i)}): ${i.latest?.justification?.trim() || 'motivazione assente'}`) });
		}
	}

	/**
	 * The objective's phases at the date (the latest reviewed report): a sentence with the counts and the
	 * late ones for all of them, and the table of those not completed (what the reader asks about; the
	 * XLSX of the Schede has every phase). Completed ones listed one by one made the draft 53 pages.
	 */
	function phasesTable(o: EvaluatedObjective) {
		const phases = phasesOf.get(o.id) ?? [];
		if (phases.length === 0) return;
		const count = (st: string | null) => phases.filter((f) => (f.status ?? null) === st).length;
		const parts = (
			[
				['completata', 'completata', 'completate'],
				['in_corso', 'in corso', 'in corso'],
				['sospesa', 'sospesa', 'sospese'],
				['non_avviata', 'non avviata', 'non avviate'],
				[null, 'senza avanzamento', 'senza avanzamento']
			] as const
		)
			.map(([st, one, many]) => [count(st), one, many] as const)
			.filter(([n]) => n > 0)
			.map(([n, one, many]) => `${formatNumber(n)} ${n === 1 ? one : many}`);
		const late = phases.filter((f) => f.late?.late);
		p(
			`Fasi al ${formatDate(data.date)}: ${countLabel(phases.length, 'fase', 'fasi')}, ${parts.join(', ')}; ` +
				(late.length === 0 ? 'nessuna in ritardo.' : `${formatNumber(late.length)} in ritardo (${late.map((f) => `fase ${f.number}`).join(', ')}).`)
		);
		const open = phases.filter((f) => f.status !== 'completata');
		if (open.length === 0) return;
		blocks.push({
			kind: 'table',
			caption: `Fasi non completate di ${o.code} al ${formatDate(data.date)}`,
			columns: [
				{ label: 'Fase', width: 40 },
				{ label: 'Prevista', width: 14 },
				{ label: 'Effettiva', width: 14 },
				{ label: 'Stato', width: 12 },
				{ label: 'In ritardo', width: 20 }
			],
			rows: open.map((f) => [
				`${f.number}. ${f.description}`,
				period(f.start_date, f.end_date) ?? 'non indicata',
				period(f.actual_start, f.actual_end) ?? '—',
				f.status ? `${PHASE_STATUS_LABELS[f.status]}${f.percent !== null && f.percent !== undefined ? ` (${formatNumber(f.percent)} %)` : ''}` : 'nessun avanzamento',
				f.late?.late ? `Sì: ${latenessText(f.late, formatDate)}` : 'No'
			])
		});
	}

	// 4. Results per director and per CdR.
	h(1, '4. I risultati per dirigente e per centro di responsabilità');
	const byName = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, 'it');
	for (const [label, groups] of [
		['Dirigente', aggregateByDirector(objectives, s).sort(byName)],
		['Centro di responsabilità', aggregateBy(objectives, (o) => o.centreCode, (o) => `${o.centreCode} ${o.centreName}`, s).sort(byName)]
	] as const) {
		blocks.push({
			kind: 'table',
			caption: `Raggiungimento per ${label.toLowerCase()}`,
			columns: [{ label, width: 26 }, ...DISTRIBUTION_COLUMNS],
			rows: [...groups.map((g) => [g.label, ...distributionCells(g.achievement, data.coverage)]), ['Totale', ...distributionCells(total, data.coverage)]],
			totalRow: true
		});
	}

	// 5. Quality findings on the indicators.
	h(1, '5. La qualità degli indicatori');
	const findings = qualityFindings(data);
	p(
		`Il Nucleo di valutazione verifica che gli obiettivi siano specifici e misurabili (D.Lgs. 150/2009, art. 5). ` +
			`I controlli automatici del cruscotto rilevano ${formatNumber(findings.length)} casi sul piano.`
	);
	blocks.push({
		kind: 'table',
		caption: 'Rilievi sulla qualità degli indicatori',
		columns: [{ label: 'Controllo', width: 60 }, { label: 'Rilievi', numeric: true, width: 12 }],
		rows: (Object.keys(QUALITY_CHECKS) as QualityCheck[]).map((c) => [QUALITY_CHECKS[c], formatNumber(findings.filter((f) => f.check === c).length)])
	});

	// 6. The method.
	h(1, '6. Nota sul metodo');
	const measurable = indicators.filter((i) => i.status !== 'not_measurable');
	const measured = measurable.filter((i) => i.result.kind === 'measured');
	blocks.push({
		kind: 'list',
		items: [
			`Regole di misurazione del ${plan.year}${data.rulesDescription ? ` (${data.rulesDescription})` : ''}: ` +
				describeRules(s).map((l) => `${l.label.toLowerCase()}: ${l.text}`).join('; ') + '. ' +
				`Il raggiungimento di un indicatore parte dal rapporto tra il valore rilevato e il target (invertito per gli indicatori a polarità decrescente); ` +
				`quello di un gruppo è la media dei suoi obiettivi. «Senza valore» se manca il valore alla data, «senza target» se il piano non indica un target.`,
			`Copertura: ${formatNumber(measurable.length)} indicatori su ${formatNumber(indicators.length)} hanno un target; ` +
				`di questi ${formatNumber(measured.length)} hanno un valore al ${formatDate(data.date)}` +
				(measurable.length > 0 ? ` (${formatPercent(measured.length / measurable.length)}).` : '.'),
			`Valori considerati: per ogni indicatore l’ultimo valore inviato (non in bozza: inviato, restituito, accettato o validato) entro il ${formatDate(data.date)}; le date di monitoraggio dell’anno sono ` +
				`${data.dates.map(formatDate).join(', ')}.`
		]
	});

	return {
		title: `Relazione sulla performance ${plan.year}`,
		subtitle: `${plan.body} – prima stesura, dati al ${formatDate(data.date)}`,
		blocks
	};
}

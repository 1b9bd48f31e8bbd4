/**
 * The evaluation board's reports, from data already loaded and evaluated: pure functions.
 */
import type { AchievementSettings, Status } from '../achievement/achievement';
import { DIMENSION_LABELS, DIMENSIONS, PHASE_STATUS_LABELS, type Dimension, type PhaseStatus } from '../vocabulary';
import { latenessText, type Lateness } from '../phases/late';
import { phaseMeasureNote, phaseMeasureText } from '../phases/measure';
import { aggregateBy, aggregateOf, type EvaluatedIndicator, type EvaluatedObjective } from '../server/evaluation.service';
import { aggregateByDirector, sharesLabel } from '../shared-objectives';
import { objectiveStatusLabel, STATUS_LABELS } from '../status';
import { formatDate } from '../format';
import { assumedPolarity } from '../achievement/achievement';
import { countLabel, formatEuroCents, formatNumber, plural } from '../format';
import { formatTypedValue, polarityText } from '../indicator-labels';
import { percentCell, type CellValue, type Column, type ReportTable } from './table';
import { compareItalian, italianRanks, orderByItalian, orderByRank } from '../italian-order';
import { coverageOf, coverageText, DEFAULT_COVERAGE, type CoverageSettings } from '../coverage';

export interface PhaseData {
	objective_id: number;
	number: number;
	description: string;
	amount_cents: number | null;
	start_date: string | null;
	end_date: string | null;
	/** The latest reviewed report at the report's reference date, and whether the phase is late then. */
	status?: PhaseStatus | null;
	percent?: number | null;
	actual_start?: string | null;
	actual_end?: string | null;
	late?: Lateness;
}

export interface HistoryValue {
	indicator_id: number;
	date: string;
	value: number | null;
	value_date: string | null;
	justification: string | null;
	state: string;
}

export interface ReportData {
	objectives: readonly EvaluatedObjective[];
	phases: readonly PhaseData[];
	history: HistoryValue[];
	/** Monitoring dates shown as columns in the schede, in order. */
	dates: string[];
	date: string;
	settings: AchievementSettings;
	/** Which rules produced the scores: the description of the plan year's rules (shown with every report). */
	rulesDescription?: string;
	/** Expected sum of the objective weights of one CdR (quality check). */
	weightSum: number;
	/** The quality report's findings about indicators of this dimension only (null: all findings). */
	dimension?: Dimension | null;
	/** Below this share of objectives with a value, a group's figure is «non ancora disponibile» (as on the public pages). */
	coverage?: CoverageSettings;
}

/** Internal reports count every value sent (not only validated ones): «su 3 obiettivi misurati di 12». */
export const MEASURED = { one: 'misurato', many: 'misurati' };

/**
 * What a group's figure rests on, and whether it is shown: below the minimum share of objectives with a
 * value, the percentage is left out and the cell says it is not yet available and how many it needs.
 */
export function groupBase(a: ReturnType<typeof aggregateOf>, settings: CoverageSettings = DEFAULT_COVERAGE): { shown: boolean; text: string } {
	const c = coverageOf(a, settings);
	const rests = coverageText(c, MEASURED);
	return c.sufficient ? { shown: true, text: rests } : { shown: false, text: `Non ancora disponibile: ${rests} (ne servono almeno ${formatNumber(c.needed)})` };
}

const STATE_LABELS: Record<string, string> = { bozza: 'Bozza', inviato: 'Inviato', restituito: 'Restituito', accettato: 'Accettato', validato: 'Validato' };

const score = (i: EvaluatedIndicator) => (i.result.kind === 'measured' ? i.result.score : null);
const targetText = (i: EvaluatedIndicator) =>
	i.type === 'si_no' && i.target === null ? 'Sì' : i.target === null && i.targetDate === null ? '' : formatTypedValue(i.type, i.target, i.targetDate, i.unit);
const valueText = (i: EvaluatedIndicator, v: { value: number | null; valueDate?: string | null; value_date?: string | null; grade?: string | null } | null) =>
	v ? formatTypedValue(i.type, v.value, v.valueDate ?? v.value_date ?? null, i.unit, v.grade ?? null) : '';

/** The polarity in a report cell: the plan's word, or what the engine assumed, said as an assumption. */
const polarityCell = (i: EvaluatedIndicator) => (i.type === 'si_no' || i.type === 'data' ? null : polarityText(i).replace(/ \(più (alto|basso) è meglio\)$/, ''));

/**
 * The polarity column, where the engine assumed one for some indicator: then each row says what the
 * plan gives or what was assumed. A plan that states every polarity keeps its tables as narrow as before.
 */
const polarityColumn = (data: ReportData): Column[] => (data.objectives.some(assumesPolarity) ? [{ key: 'polarita', label: 'Polarità', type: 'text', width: 24 }] : []);

/** Whether the engine assumed a polarity for some indicator of the objective: kept with the evaluated objective. */
function assumesPolarity(o: EvaluatedObjective): boolean {
	let assumes = assumingPolarity.get(o);
	if (assumes === undefined) {
		assumes = o.indicators.some((i) => assumedPolarity(i) !== null);
		if (Object.isFrozen(o)) assumingPolarity.set(o, assumes);
	}
	return assumes;
}
const assumingPolarity = new WeakMap<EvaluatedObjective, boolean>();

/**
 * The sum of the phases' amounts (cents) of each objective that has any: one pass, so that a plan of
 * thousands of objectives does not scan every phase once per objective.
 */
function amountsByObjective(phases: readonly PhaseData[]): ReadonlyMap<number, number> {
	let sums = phaseAmounts.get(phases);
	if (!sums) {
		const made = new Map<number, number>();
		for (const p of phases) if (p.amount_cents !== null) made.set(p.objective_id, (made.get(p.objective_id) ?? 0) + p.amount_cents);
		// Kept with a frozen (shared) array of phases: load.ts keeps one while the plan's phases hold.
		if (Object.isFrozen(phases)) phaseAmounts.set(phases, made);
		sums = made;
	}
	return sums;
}
const phaseAmounts = new WeakMap<readonly PhaseData[], ReadonlyMap<number, number>>();

/** Scheda obiettivo: objectives, their phases, their indicators with values per monitoring date. */
export function buildSchede(data: ReportData): ReportTable[] {
	const historyBy = new Map<number, HistoryValue[]>();
	for (const h of data.history) {
		let list = historyBy.get(h.indicator_id);
		if (!list) historyBy.set(h.indicator_id, (list = []));
		list.push(h);
	}
	const byId = new Map(data.objectives.map((o) => [o.id, o]));
	const phaseAmounts = amountsByObjective(data.phases);
	const dateColumns: Column[] = data.dates.flatMap((d) => [
		{ key: `v_${d}`, label: `Valore al ${formatDate(d)}`, type: 'text' as const, width: 14 },
		{ key: `s_${d}`, label: `Stato al ${formatDate(d)}`, type: 'text' as const, width: 12 }
	]);
	return [
		{
			name: 'Obiettivi',
			title: 'Obiettivi',
			columns: [
				{ key: 'codice', label: 'Codice', type: 'text', width: 16 },
				{ key: 'titolo', label: 'Obiettivo', type: 'text', width: 50 },
				{ key: 'valore_pubblico', label: 'Valore pubblico', type: 'text', width: 28 },
				{ key: 'cdr', label: 'CdR', type: 'text', width: 28 },
				{ key: 'dirigente', label: 'Dirigente', type: 'text', width: 22 },
				{ key: 'peso', label: 'Peso', type: 'number', width: 8 },
				{ key: 'importo', label: 'Importo fasi', type: 'euro', width: 16 },
				{ key: 'raggiungimento', label: `Raggiungimento al ${formatDate(data.date)}`, type: 'percent', width: 14 },
				{ key: 'base', label: 'Base del dato', type: 'text', width: 20 },
				{ key: 'stato', label: 'Stato', type: 'text', width: 14 }
			],
			rows: data.objectives.map((o) => {
				const amounts = phaseAmounts.get(o.id);
				return {
					codice: o.code,
					titolo: o.title,
					valore_pubblico: o.publicValue,
					cdr: `${o.centreCode} ${o.centreName}`,
					dirigente: directorsOf(o),
					peso: o.weight,
					importo: amounts === undefined ? null : amounts / 100,
					raggiungimento: percentCell(o.achievement.score),
					// An objective's figure rests on its indicators with a value, of those with a target.
					// Or on its phases, when the year's rules measure it by them: the rule as applied, in words.
					base:
						phaseMeasureNote(o.achievement) ??
						(o.achievement.measurable > 0 ? `su ${formatNumber(o.achievement.measured)} di ${countLabel(o.achievement.measurable, 'indicatore con target', 'indicatori con target')}` : null),
					stato: o.achievement.label ?? objectiveStatusLabel(o.achievement.status, o.indicators.length)
				};
			})
		},
		{
			name: 'Fasi',
			title: 'Fasi',
			columns: [
				{ key: 'codice_obiettivo', label: 'Obiettivo', type: 'text', width: 16 },
				{ key: 'numero', label: 'N.', type: 'integer', width: 5 },
				{ key: 'descrizione', label: 'Fase', type: 'text', width: 70 },
				{ key: 'importo', label: 'Importo', type: 'euro', width: 16 },
				{ key: 'data_inizio', label: 'Inizio previsto', type: 'date', width: 11 },
				{ key: 'data_fine', label: 'Fine prevista', type: 'date', width: 11 },
				{ key: 'stato', label: 'Stato', type: 'text', width: 16 },
				{ key: 'inizio_effettivo', label: 'Inizio effettivo', type: 'date', width: 11 },
				{ key: 'fine_effettiva', label: 'Fine effettiva', type: 'date', width: 11 },
				{ key: 'ritardo', label: 'In ritardo', type: 'text', width: 40 }
			],
			rows: data.phases
				.filter((p) => byId.has(p.objective_id))
				.map((p) => ({
					codice_obiettivo: byId.get(p.objective_id)!.code,
					numero: p.number,
					descrizione: p.description,
					importo: p.amount_cents === null ? null : p.amount_cents / 100,
					data_inizio: p.start_date,
					data_fine: p.end_date,
					stato: phaseStatusText(p),
					inizio_effettivo: p.actual_start ?? null,
					fine_effettiva: p.actual_end ?? null,
					ritardo: p.late?.late ? latenessText(p.late, formatDate) : null
				}))
		},
		{
			name: 'Indicatori',
			title: 'Indicatori e valori',
			columns: [
				{ key: 'codice_obiettivo', label: 'Obiettivo', type: 'text', width: 16 },
				{ key: 'codice', label: 'Indicatore', type: 'text', width: 20 },
				{ key: 'descrizione', label: 'Descrizione', type: 'text', width: 50 },
				{ key: 'target', label: 'Target', type: 'text', width: 14 },
				...polarityColumn(data),
				...dateColumns,
				{ key: 'raggiungimento', label: `Raggiungimento al ${formatDate(data.date)}`, type: 'percent', width: 14 },
				{ key: 'stato', label: 'Stato', type: 'text', width: 14 },
				{ key: 'motivazione', label: 'Motivazione', type: 'text', width: 50 }
			],
			rows: data.objectives.flatMap((o) =>
				o.indicators.map((i) => {
					const row: Record<string, string | number | null> = {
						codice_obiettivo: o.code,
						codice: i.code,
						descrizione: i.description,
						target: targetText(i),
						polarita: polarityCell(i),
						raggiungimento: percentCell(score(i)),
						stato: STATUS_LABELS[i.status],
						motivazione: i.latest?.justification ?? null
					};
					for (const d of data.dates) {
						const v = (historyBy.get(i.id) ?? []).find((h) => h.date === d) ?? null;
						row[`v_${d}`] = v ? valueText(i, v) : null;
						row[`s_${d}`] = v ? (STATE_LABELS[v.state] ?? v.state) : null;
					}
					return row;
				})
			)
		}
	];
}

/** «in corso (40 %)», «completata», or nothing reported. */
function phaseStatusText(p: PhaseData): string | null {
	if (!p.status) return null;
	return `${PHASE_STATUS_LABELS[p.status]}${p.percent !== null && p.percent !== undefined && p.status !== 'completata' ? ` (${formatNumber(p.percent)} %)` : ''}`;
}

/**
 * Scostamenti: every measurable indicator short of its target or without a value at the date, by
 * director in Italian order (the plan's order within each director).
 *
 * Built from each objective's rows, kept with the evaluated objective (see deviationRows): after a
 * value write the carried evaluation holds new objects only for the objectives it touched, so only
 * their rows are made again.
 */
export function buildScostamenti(data: ReportData): ReportTable[] {
	// An objective's rows share its director: ordering the objectives (stably) orders the rows as a
	// stable sort of all of them by director would.
	const rows: Row[] = [];
	for (const o of orderByItalian(data.objectives, (o) => o.director)) for (const row of deviationRows(o)) rows.push(row);
	return [
		{
			name: 'Scostamenti',
			title: `Scostamenti al ${formatDate(data.date)}`,
			columns: [
				{ key: 'dirigente', label: 'Dirigente', type: 'text', width: 22 },
				{ key: 'codice_obiettivo', label: 'Obiettivo', type: 'text', width: 16 },
				{ key: 'codice', label: 'Indicatore', type: 'text', width: 20 },
				{ key: 'descrizione', label: 'Descrizione', type: 'text', width: 45 },
				{ key: 'target', label: 'Target', type: 'text', width: 14 },
				...polarityColumn(data),
				{ key: 'valore', label: 'Valore', type: 'text', width: 14 },
				{ key: 'raggiungimento', label: 'Raggiungimento', type: 'percent', width: 14 },
				{ key: 'stato', label: 'Stato', type: 'text', width: 13 },
				{ key: 'motivazione', label: 'Motivazione', type: 'text', width: 60 }
			],
			rows
		},
		latePhasesTable(data)
	];
}

type Row = Record<string, CellValue>;

/**
 * One objective's deviations, made once per evaluated objective. An evaluated objective is frozen and
 * shared (evaluation.service.ts): the same object always makes the same rows, and a new evaluation of
 * it is a new object, so a kept row can never be stale. The rows are frozen: shared between requests.
 */
function deviationRows(o: EvaluatedObjective): readonly Row[] {
	let rows = deviationsOf.get(o);
	if (!rows) {
		// Kept only for a frozen (shared, unchangeable) objective: one built by hand may change under the key.
		rows = Object.freeze([
			...o.indicators
				.filter((i) => i.status === 'not_measured' || (i.result.kind === 'measured' && i.result.score < 1))
				.map((i) =>
					Object.freeze({
						dirigente: o.director,
						codice_obiettivo: o.code,
						codice: i.code,
						descrizione: i.description,
						target: targetText(i),
						polarita: polarityCell(i),
						valore: i.latest ? valueText(i, i.latest) : 'nessun valore',
						raggiungimento: percentCell(score(i)),
						stato: STATUS_LABELS[i.status],
						motivazione: i.latest?.justification ?? 'MOTIVAZIONE ASSENTE'
					})
				),
			...phaseDeviationRow(o)
		]);
		if (Object.isFrozen(o)) deviationsOf.set(o, rows);
	}
	return rows;
}
const deviationsOf = new WeakMap<EvaluatedObjective, readonly Row[]>();

/**
 * An objective measured by its phases (rule «misura dalle fasi») has no indicator row to show its
 * deviation: one row of its own when it falls short (or its due phases have no progress declared yet),
 * worded as the objective page words it. The phases behind it are in «Fasi in ritardo».
 */
function phaseDeviationRow(o: EvaluatedObjective): Row[] {
	const a = o.achievement;
	const m = a.byPhases;
	if (!m || m.kind !== 'measured' || (a.score !== null && a.score >= 1)) return [];
	return [
		Object.freeze({
			dirigente: o.director,
			codice_obiettivo: o.code,
			codice: 'dalle fasi',
			descrizione: phaseMeasureText(m),
			target: `${m.due} ${m.due === 1 ? 'fase completata' : 'fasi completate'}`,
			polarita: null,
			valore: m.by === 'importo' ? `${formatEuroCents(m.completedCents)} di ${formatEuroCents(m.dueCents)}` : `${m.completed} di ${m.due}`,
			raggiungimento: percentCell(a.score),
			stato: a.label ?? STATUS_LABELS[a.status],
			motivazione: m.reported < m.due ? 'avanzamento non dichiarato per tutte le fasi previste' : 'si vedano le fasi in ritardo'
		})
	];
}

/** The phases late at the report's date, by director: the other deviation the direction asks about first. */
function latePhasesTable(data: ReportData): ReportTable {
	const { phases, objectiveIds } = latePhasesOf(data.phases);
	// The objectives chosen that have late phases, by id (a map of every objective cost more than the rest).
	const byId = new Map<number, EvaluatedObjective>();
	for (const o of data.objectives) if (objectiveIds.has(o.id)) byId.set(o.id, o);
	const late: Row[] = [];
	for (const p of phases) {
		const o = byId.get(p.objective_id);
		if (o) late.push(latePhaseRow(p, o));
	}
	return {
		name: 'Fasi in ritardo',
		title: `Fasi in ritardo al ${formatDate(data.date)}`,
		columns: [
			{ key: 'dirigente', label: 'Dirigente', type: 'text', width: 22 },
			{ key: 'codice_obiettivo', label: 'Obiettivo', type: 'text', width: 16 },
			{ key: 'numero', label: 'Fase', type: 'integer', width: 6 },
			{ key: 'descrizione', label: 'Descrizione', type: 'text', width: 60 },
			{ key: 'fine_prevista', label: 'Fine prevista', type: 'date', width: 11 },
			{ key: 'stato', label: 'Stato', type: 'text', width: 18 },
			{ key: 'ritardo', label: 'Ritardo', type: 'text', width: 50 }
		],
		rows: orderByItalian(late, (r) => r.dirigente as string)
	};
}

/** The late phases among the judged ones, found once per array of them (load.ts keeps it while the phases hold). */
function latePhasesOf(phases: readonly PhaseData[]): LatePhases {
	let late = latePhases.get(phases);
	if (!late) {
		const list = phases.filter((p) => p.late?.late);
		late = { phases: list, objectiveIds: new Set(list.map((p) => p.objective_id)) };
		if (Object.isFrozen(phases)) latePhases.set(phases, late);
	}
	return late;
}
interface LatePhases {
	phases: readonly PhaseData[];
	objectiveIds: ReadonlySet<number>;
}
const latePhases = new WeakMap<readonly PhaseData[], LatePhases>();

/**
 * A late phase's row, kept with the judged phase (reports keep those while the plan's phases do not
 * change: load.ts) and made again if its objective's code or director is not the one it was made with.
 */
function latePhaseRow(p: PhaseData, o: EvaluatedObjective): Row {
	const kept = latePhaseRows.get(p);
	if (kept && kept.dirigente === o.director && kept.codice_obiettivo === o.code) return kept;
	const row = Object.freeze({
		dirigente: o.director,
		codice_obiettivo: o.code,
		numero: p.number,
		descrizione: p.description,
		fine_prevista: p.end_date,
		stato: phaseStatusText(p) ?? 'nessun avanzamento dichiarato',
		ritardo: latenessText(p.late!, formatDate)
	});
	if (Object.isFrozen(p)) latePhaseRows.set(p, row);
	return row;
}
const latePhaseRows = new WeakMap<PhaseData, Row>();

const DISTRIBUTION_COLUMNS: Column[] = [
	{ key: 'obiettivi', label: 'Obiettivi', type: 'integer', width: 10 },
	// What the percentage rests on: a group's figure over 1 objective of 12 reads differently from 12 of 12.
	{ key: 'con_valore', label: 'Di cui con valore', type: 'integer', width: 12 },
	{ key: 'raggiungimento', label: 'Raggiungimento', type: 'percent', width: 14 },
	{ key: 'base', label: 'Base del dato', type: 'text', width: 26 },
	{ key: 'in_linea', label: 'In linea', type: 'integer', width: 9 },
	{ key: 'a_rischio', label: 'A rischio', type: 'integer', width: 9 },
	{ key: 'critici', label: 'Critici', type: 'integer', width: 9 },
	{ key: 'senza_valore', label: 'Senza valore', type: 'integer', width: 12 },
	{ key: 'senza_target', label: 'Senza target', type: 'integer', width: 12 }
];

/** The Sintesi's count of figures measured by phases (shown only where the year's rules do so). */
const PHASES_COLUMN: Column = { key: 'dalle_fasi', label: 'Di cui dalle fasi', type: 'integer', width: 12 };

function distributionRow(a: ReturnType<typeof aggregateOf>, coverage?: CoverageSettings) {
	const d = a.distribution;
	const base = groupBase(a, coverage);
	return {
		obiettivi: a.objectives,
		con_valore: d.on_track + d.at_risk + d.off_track,
		raggiungimento: base.shown ? percentCell(a.score) : null,
		base: base.text,
		in_linea: d.on_track,
		a_rischio: d.at_risk,
		critici: d.off_track,
		senza_valore: d.not_measured,
		senza_target: d.not_measurable
	};
}

/** The lead, or every director of a shared objective with his share. */
function directorsOf(o: EvaluatedObjective): string {
	return sharesLabel(o, (q) => `${formatNumber(q)} %`);
}

/** Sintesi: achievement and states by director, by CdR and by public value, and the plan's total. */
export function buildSintesi(data: ReportData): ReportTable[] {
	const s = data.settings;
	// Where the year's rules measure objectives by their phases, each group says how many of its figures
	// come from phases rather than indicators: a column only then, so other plans keep their tables.
	const phasesColumn = (s.phaseMeasure ?? 'no') !== 'no';
	const fromPhases = (objectives: ReadonlyArray<EvaluatedObjective | { objective: EvaluatedObjective }>) =>
		objectives.filter((o) => {
			const a = ('objective' in o ? o.objective : o).achievement;
			return a.byPhases?.kind === 'measured' && a.score !== null;
		}).length;
	const columns = phasesColumn ? DISTRIBUTION_COLUMNS.flatMap((c) => (c.key === 'con_valore' ? [c, PHASES_COLUMN] : [c])) : DISTRIBUTION_COLUMNS;
	const row = (nome: string, achievement: ReturnType<typeof aggregateOf>, objectives: Parameters<typeof fromPhases>[0]) =>
		phasesColumn ? { nome, ...distributionRow(achievement, data.coverage), dalle_fasi: fromPhases(objectives) } : { nome, ...distributionRow(achievement, data.coverage) };
	const table = (name: string, label: string, groups: Array<{ label: string; achievement: ReturnType<typeof aggregateOf>; objectives: Parameters<typeof fromPhases>[0] }>): ReportTable => ({
		name,
		title: `Raggiungimento per ${label.toLowerCase()}`,
		columns: [{ key: 'nome', label, type: 'text', width: 40 }, ...columns],
		rows: [...groups.map((g) => row(g.label, g.achievement, g.objectives)), row('Totale', aggregateOf(data.objectives, s), data.objectives)]
	});
	return [
		table('Dirigenti', 'Dirigente', aggregateByDirector(data.objectives, s).sort((a, b) => compareItalian(a.label, b.label))),
		table('CdR', 'Centro di responsabilità', aggregateBy(data.objectives, (o) => o.centreCode, (o) => `${o.centreCode} ${o.centreName}`, s).sort((a, b) => compareItalian(a.label, b.label))),
		table('Valori pubblici', 'Valore pubblico', aggregateBy(data.objectives, (o) => o.publicValueId, (o) => o.publicValue, s))
	];
}

export const QUALITY_CHECKS = {
	senza_indicatori: 'Obiettivo senza indicatori',
	senza_target: 'Indicatore senza target',
	senza_unita: 'Indicatore senza unità di misura',
	senza_baseline: 'Indicatore senza baseline',
	solo_si_no: 'Obiettivo misurato solo da indicatori sì/no',
	pesi: 'Pesi degli obiettivi del CdR assenti o con somma diversa da quella richiesta',
	duplicati: 'Testo di indicatore ripetuto',
	importi_senza_indicatori: 'Fasi con importo ma obiettivo senza indicatori',
	target_sotto_baseline: 'Target inferiore alla baseline senza polarità',
	polarita_dedotta: 'Indicatore numerico senza polarità',
	solo_attivita: 'Obiettivo misurato solo da conteggi di attività, senza indicatori di efficacia, qualità o impatto',
	senza_dup: 'Obiettivo senza collegamento al DUP (missione, programma, obiettivo strategico)'
} as const;
export type QualityCheck = keyof typeof QUALITY_CHECKS;

/** Column headings of the totals table: short, so ten checks fit an A4 page in landscape. */
export const QUALITY_SHORT: Record<QualityCheck, string> = {
	senza_indicatori: 'Obiettivi senza indicatori',
	senza_target: 'Senza target',
	senza_unita: 'Senza unità',
	senza_baseline: 'Senza baseline',
	solo_si_no: 'Solo sì/no',
	pesi: 'Pesi (CdR)',
	duplicati: 'Testi ripetuti',
	importi_senza_indicatori: 'Importi senza indicatori',
	target_sotto_baseline: 'Target sotto baseline',
	polarita_dedotta: 'Polarità dedotta',
	solo_attivita: 'Solo attività',
	senza_dup: 'Senza DUP'
};

export interface QualityFinding {
	check: QualityCheck;
	director: string;
	centre: string;
	objective: string;
	indicator: string | null;
	/** The indicator's dimension, for findings about an indicator. */
	dimension: Dimension | null;
	detail: string;
}

/**
 * The checks an evaluation board makes of a plan's quality (D.Lgs. 150/2009 art. 5: specific, measurable).
 * An objective's own findings are kept with the frozen evaluated objective (see objectiveFindings): after a
 * value write only the touched objectives' are made again; the plan-wide checks (DUP, weights) each time.
 */
export function qualityFindings(data: ReportData): QualityFinding[] {
	const out: QualityFinding[] = [];
	const add = (check: QualityCheck, o: EvaluatedObjective, indicator: string | null, detail: string) => out.push(finding(check, o, indicator, detail));
	const texts = new Map<string, number>();
	for (const o of data.objectives) for (const i of o.indicators) texts.set(normalized(i.description), (texts.get(normalized(i.description)) ?? 0) + 1);

	const phaseAmounts = amountsByObjective(data.phases);
	for (const o of data.objectives) for (const f of objectiveFindings(o, texts, phaseAmounts.has(o.id))) out.push(f);
	// DUP links: each unlinked objective; a plan that links none is one finding, not one per objective.
	const unlinked = data.objectives.filter((o) => !(o.mission || o.programme || o.strategicObjective));
	if (unlinked.length > 0 && unlinked.length === data.objectives.length) {
		add('senza_dup', unlinked[0], null, `nessuno dei ${formatNumber(unlinked.length)} obiettivi è collegato al DUP`);
	} else for (const o of unlinked) add('senza_dup', o, null, o.title);
	// Weights: the objectives of one CdR should add up to the required total.
	const byCentre = new Map<string, EvaluatedObjective[]>();
	for (const o of data.objectives) (byCentre.get(o.centreCode) ?? byCentre.set(o.centreCode, []).get(o.centreCode)!).push(o);
	for (const [, list] of byCentre) {
		const given = list.filter((o) => o.weight !== null);
		const sum = given.reduce((s, o) => s + o.weight!, 0);
		if (given.length === 0) add('pesi', list[0], null, `CdR ${list[0].centreCode}: nessun peso indicato per ${plural(list.length, 'l’unico obiettivo', `${formatNumber(list.length)} obiettivi`)}`);
		else if (given.length < list.length || Math.abs(sum - data.weightSum) > 1e-9) {
			add('pesi', list[0], null, `CdR ${list[0].centreCode}: somma dei pesi ${formatNumber(sum)} su ${formatNumber(given.length)} di ${countLabel(list.length, 'obiettivo', 'obiettivi')} (richiesta ${formatNumber(data.weightSum)})`);
		}
	}
	return out;
}

function finding(check: QualityCheck, o: EvaluatedObjective, indicator: string | null, detail: string): QualityFinding {
	return { check, director: o.director, centre: `${o.centreCode} ${o.centreName}`, objective: o.code, indicator, dimension: o.indicators.find((i) => i.code === indicator)?.dimension ?? null, detail };
}

/**
 * The findings about one objective and its indicators. Besides the objective they depend on how often
 * each of its indicators' texts occurs in the selection and on whether its phases have amounts: kept with
 * the frozen objective together with those, and made again when either differs. Frozen: shared.
 */
function objectiveFindings(o: EvaluatedObjective, texts: ReadonlyMap<string, number>, hasAmounts: boolean): readonly QualityFinding[] {
	const repeats = o.indicators.map((i) => texts.get(normalized(i.description)) ?? 0);
	const kept = findingsOf.get(o);
	if (kept && kept.hasAmounts === hasAmounts && kept.repeats.every((n, k) => n === repeats[k])) return kept.findings;
	const out: QualityFinding[] = [];
	const add = (check: QualityCheck, indicator: string | null, detail: string) => out.push(Object.freeze(finding(check, o, indicator, detail)));
	const numeric = (i: EvaluatedIndicator) => i.type !== 'si_no' && i.type !== 'data';
	if (o.indicators.length === 0) add('senza_indicatori', null, o.title);
	if (o.indicators.length > 0 && o.indicators.every((i) => i.type === 'si_no')) add('solo_si_no', null, o.indicators.length === 1 ? '1 indicatore, sì/no' : `${countLabel(o.indicators.length, 'indicatore', 'indicatori')}, tutti sì/no`);
	// A plan of activity counts only is the weakness the Funzione Pubblica's guidelines n. 1/2017 name.
	if (o.indicators.length > 0 && o.indicators.every((i) => i.type === 'numero') && !o.indicators.some((i) => i.dimension && OUTCOME_DIMENSIONS.includes(i.dimension))) {
		add('solo_attivita', null, `${countLabel(o.indicators.length, 'indicatore numerico', 'indicatori numerici')}, nessuno di efficacia, qualità o impatto`);
	}
	if (o.indicators.length === 0 && hasAmounts) {
		add('importi_senza_indicatori', null, 'le fasi hanno importi, nessun indicatore ne misura l’avanzamento');
	}
	o.indicators.forEach((i, k) => {
		if (i.status === 'not_measurable') add('senza_target', i.code, i.description);
		if (numeric(i) && !i.unit && i.type !== 'percentuale') add('senza_unita', i.code, i.description);
		if (numeric(i) && i.baseline === null) add('senza_baseline', i.code, i.description);
		if (repeats[k] > 1) add('duplicati', i.code, `«${i.description}» compare ${formatNumber(repeats[k])} volte`);
		// Whatever the engine assumes for a missing polarity is said here, with the numbers it rests on.
		const assumed = assumedPolarity(i);
		if (assumed?.targetBelowBaseline) {
			add('target_sotto_baseline', i.code, `polarità non indicata: dedotta decrescente (baseline ${formatNumber(i.baseline)}, target ${formatNumber(i.target)}): verificare con la fonte`);
		} else if (assumed) {
			add('polarita_dedotta', i.code, `polarità non indicata: dedotta crescente (più alto è meglio)`);
		}
	});
	const findings = Object.freeze(out);
	if (Object.isFrozen(o)) findingsOf.set(o, { hasAmounts, repeats, findings });
	return findings;
}
const findingsOf = new WeakMap<EvaluatedObjective, { hasAmounts: boolean; repeats: number[]; findings: readonly QualityFinding[] }>();

/**
 * An indicator's text as the check for repeated texts compares it: lower case, without accents and
 * punctuation. Each distinct text normalised once and kept (a large plan repeats the same descriptions
 * thousands of times, and normalising 23.300 of them for every report after a value write cost a third
 * of a second); the texts of a plan are few, and the store is emptied if it ever grows large.
 */
function normalized(text: string): string {
	let n = normalizedTexts.get(text);
	if (n === undefined) {
		if (normalizedTexts.size >= MAX_NORMALIZED_TEXTS) normalizedTexts.clear();
		normalizedTexts.set(text, (n = text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, ' ').trim()));
	}
	return n;
}
const normalizedTexts = new Map<string, string>();
const MAX_NORMALIZED_TEXTS = 50_000;

/** Dimensions that measure results rather than activity. */
const OUTCOME_DIMENSIONS: readonly Dimension[] = ['efficacia', 'qualita', 'impatto'];

export function buildQualita(data: ReportData): ReportTable[] {
	const all = qualityFindings(data);
	// With a dimension chosen, the findings about its indicators only.
	const findings = data.dimension ? all.filter((f) => f.dimension === data.dimension) : all;
	const directors = [...new Set(data.objectives.map((o) => o.director))].sort(compareItalian);
	const checks = Object.keys(QUALITY_CHECKS) as QualityCheck[];
	const checkIndex = Object.fromEntries(checks.map((c, n) => [c, n])) as Record<QualityCheck, number>;
	// Counted in one pass, by director and check (70.000 findings at 100 times the shipped plan); the
	// last line of counts is the totals.
	const directorIndex = new Map(directors.map((d, n) => [d, n]));
	const counts = new Int32Array((directors.length + 1) * checks.length);
	for (const f of findings) {
		counts[directorIndex.get(f.director)! * checks.length + checkIndex[f.check]]++;
		counts[directors.length * checks.length + checkIndex[f.check]]++;
	}
	// The findings by director in Italian order, then by check, each group in the order found: a
	// stable sort by both, made as a counting sort over their ranks (directors the collator holds
	// equal share one).
	const directorRank = italianRanks(directors);
	const ranksPerDirector = Math.max(...directorRank.values(), -1) + 1;
	const ordered = orderByRank(findings, (f) => directorRank.get(f.director)! * checks.length + checkIndex[f.check], ranksPerDirector * checks.length);
	const byDimension = new Map<Dimension | null, number>();
	for (const o of data.objectives) for (const i of o.indicators) byDimension.set(i.dimension, (byDimension.get(i.dimension) ?? 0) + 1);
	return [
		{
			name: 'Totali',
			title: 'Rilievi per dirigente',
			columns: [
				{ key: 'dirigente', label: 'Dirigente', type: 'text', width: 24 },
				...checks.map((c) => ({ key: c, label: QUALITY_SHORT[c], type: 'integer' as const, width: 13 })),
				{ key: 'totale', label: 'Totale', type: 'integer', width: 9 }
			],
			rows: [...directors, null].map((d, n) => {
				const row: Record<string, string | number | null> = { dirigente: d ?? 'Totale' };
				let total = 0;
				checks.forEach((c, k) => (total += row[c] = counts[n * checks.length + k]));
				row.totale = total;
				return row;
			})
		},
		{
			name: 'Rilievi',
			title: 'Elenco dei rilievi',
			columns: [
				{ key: 'dirigente', label: 'Dirigente', type: 'text', width: 22 },
				{ key: 'controllo', label: 'Controllo', type: 'text', width: 36 },
				{ key: 'obiettivo', label: 'Obiettivo', type: 'text', width: 16 },
				{ key: 'indicatore', label: 'Indicatore', type: 'text', width: 20 },
				{ key: 'dimensione', label: 'Dimensione', type: 'text', width: 12 },
				{ key: 'dettaglio', label: 'Dettaglio', type: 'text', width: 60 }
			],
			rows: ordered.map(findingRow)
		},
		{
			name: 'Dimensioni',
			title: 'Indicatori per dimensione (linee guida DFP n. 1/2017)',
			columns: [
				{ key: 'dimensione', label: 'Dimensione', type: 'text', width: 24 },
				{ key: 'indicatori', label: 'Indicatori', type: 'integer', width: 12 }
			],
			rows: [...DIMENSIONS, null].map((d) => ({ dimensione: d ? DIMENSION_LABELS[d] : 'non indicata', indicatori: byDimension.get(d) ?? 0 }))
		}
	];
}

/** A finding's row, kept with the frozen finding (an objective's findings are kept: objectiveFindings). */
function findingRow(f: QualityFinding): Row {
	let row = findingRows.get(f);
	if (!row) {
		row = Object.freeze({ dirigente: f.director, controllo: QUALITY_CHECKS[f.check], obiettivo: f.objective, indicatore: f.indicator, dimensione: f.dimension && DIMENSION_LABELS[f.dimension], dettaglio: f.detail });
		if (Object.isFrozen(f)) findingRows.set(f, row);
	}
	return row;
}
const findingRows = new WeakMap<QualityFinding, Row>();

/**
 * One objective's rows of the Relazione (its indicators, or one line saying it has none), kept with the
 * evaluated objective and its number in the list, as the deviations are (see deviationRows).
 */
function relazioneRows(o: EvaluatedObjective, n: number): readonly Row[] {
	const kept = relazioneRowsOf.get(o);
	if (kept?.n === n) return kept.rows;
	const indicators = o.indicators.length > 0 ? o.indicators : [null];
	// A result measured by the phases says so on the objective's first row.
	const byPhases = phaseMeasureNote(o.achievement);
	const rows = Object.freeze(
		indicators.map((i, k) => {
			const note = i?.latest?.justification ?? (i && i.status === 'not_measurable' ? 'indicatore senza target' : null);
			return Object.freeze({
				numero: n + 1,
				dirigente_cdr: `${directorsOf(o)} – ${o.centreCode} ${o.centreName}`,
				codice: o.code,
				descrizione: o.title,
				indicatore: i ? `${i.code} ${i.description}` : 'nessun indicatore',
				target: i ? targetText(i) : null,
				valore: i?.latest ? valueText(i, i.latest) : null,
				raggiungimento: i ? percentCell(score(i)) : null,
				raggiungimento_obiettivo: percentCell(o.achievement.score),
				note: k === 0 && byPhases ? (note ? `${byPhases} (${note})` : byPhases) : note
			});
		})
	);
	if (Object.isFrozen(o)) relazioneRowsOf.set(o, { n, rows });
	return rows;
}
const relazioneRowsOf = new WeakMap<EvaluatedObjective, { n: number; rows: readonly Row[] }>();

/** Data for the Relazione sulla performance, in the column order the board uses. */
export function buildRelazione(data: ReportData): ReportTable[] {
	const rows = data.objectives.flatMap(relazioneRows);
	const total = aggregateOf(data.objectives, data.settings);
	const overall = (label: string, a: ReturnType<typeof aggregateOf>) => {
		const base = groupBase(a, data.coverage);
		return { nome: label, obiettivi: a.objectives, raggiungimento: base.shown ? percentCell(a.score) : null, base: base.text };
	};
	return [
		{
			name: 'Relazione',
			title: `Raggiungimento degli obiettivi al ${formatDate(data.date)}`,
			columns: [
				{ key: 'numero', label: 'N.', type: 'integer', width: 5 },
				{ key: 'dirigente_cdr', label: 'Dirigente / CdR', type: 'text', width: 34 },
				{ key: 'codice', label: 'Codice obiettivo', type: 'text', width: 16 },
				{ key: 'descrizione', label: 'Descrizione', type: 'text', width: 45 },
				{ key: 'indicatore', label: 'Indicatore', type: 'text', width: 45 },
				{ key: 'target', label: 'Target', type: 'text', width: 14 },
				...polarityColumn(data),
				{ key: 'valore', label: 'Valore', type: 'text', width: 14 },
				{ key: 'raggiungimento', label: '% raggiunta', type: 'percent', width: 11 },
				{ key: 'raggiungimento_obiettivo', label: '% obiettivo', type: 'percent', width: 11 },
				{ key: 'note', label: 'Note', type: 'text', width: 50 }
			],
			rows
		},
		{
			name: 'Risultato complessivo',
			title: `Risultato complessivo e per valore pubblico al ${formatDate(data.date)}`,
			columns: [
				{ key: 'nome', label: 'Piano / valore pubblico', type: 'text', width: 40 },
				{ key: 'obiettivi', label: 'Obiettivi', type: 'integer', width: 10 },
				{ key: 'raggiungimento', label: 'Raggiungimento', type: 'percent', width: 14 },
				{ key: 'base', label: 'Base del dato', type: 'text', width: 40 }
			],
			rows: [
				overall('Piano (totale)', total),
				...aggregateBy(data.objectives, (o) => o.publicValueId, (o) => o.publicValue, data.settings).map((g) => overall(g.label, g.achievement))
			]
		}
	];
}

/**
 * Each report with what it reads beyond the evaluation: the phases, the history of values. What a
 * report does not read is not loaded (the history of a plan at 100 times the shipped one is 135.000
 * rows). The Relazione reads the phases through the quality findings of its document.
 */
export const REPORTS = {
	schede: { title: 'Schede obiettivo', build: buildSchede, needs: { phases: true, history: true } },
	scostamenti: { title: 'Scostamenti', build: buildScostamenti, needs: { phases: true, history: false } },
	sintesi: { title: 'Sintesi del raggiungimento', build: buildSintesi, needs: { phases: false, history: false } },
	qualita: { title: 'Qualità degli indicatori', build: buildQualita, needs: { phases: true, history: false } },
	relazione: { title: 'Dati per la Relazione sulla performance', build: buildRelazione, needs: { phases: true, history: false } }
} as const;
export type ReportKind = keyof typeof REPORTS;

export type { Status };

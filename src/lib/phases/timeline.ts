/**
 * The Gantt-style timeline of phases, laid out as numbers for an SVG drawn on the server (no JavaScript
 * in the browser): a planned bar and an actual bar per phase, month ticks, the reference-date line.
 * Pure, so the layout is tested without a page.
 */
import { PHASE_STATUS_LABELS, type PhaseStatus } from '../vocabulary';
import { phaseLateness, type Lateness } from './late';

export interface TimelinePhase {
	id: number;
	objectiveCode: string;
	/** The objective's director (its lead, who reports its phases). */
	director?: string;
	number: number;
	description: string;
	amountCents: number | null;
	plannedStart: string | null;
	plannedEnd: string | null;
	status: PhaseStatus | null;
	percent: number | null;
	actualStart: string | null;
	actualEnd: string | null;
	note: string | null;
	/** The monitoring date of the report shown. */
	reportDate: string | null;
	late: Lateness;
}

/** A row of phase_progress joined to its phase (phase.repository's listPhasesWithProgress), shaped and judged. */
export function toTimelinePhase(
	r: {
		id: number;
		objective_code: string;
		director?: string;
		number: number;
		description: string;
		amount_cents: number | null;
		start_date: string | null;
		end_date: string | null;
		progress_date: string | null;
		status: PhaseStatus | null;
		percent: number | null;
		actual_start: string | null;
		actual_end: string | null;
		note: string | null;
	},
	asOf: string
): TimelinePhase {
	const report = r.status ? { status: r.status, actualStart: r.actual_start, actualEnd: r.actual_end } : null;
	return {
		id: r.id,
		objectiveCode: r.objective_code,
		director: r.director,
		number: r.number,
		description: r.description,
		amountCents: r.amount_cents,
		plannedStart: r.start_date,
		plannedEnd: r.end_date,
		status: r.status,
		percent: r.percent,
		actualStart: r.actual_start,
		actualEnd: r.actual_end,
		note: r.note,
		reportDate: r.progress_date,
		late: phaseLateness({ plannedStart: r.start_date, plannedEnd: r.end_date }, report, asOf)
	};
}

export interface TimelineDims {
	width: number;
	labelWidth: number;
	top: number;
	rowHeight: number;
	right: number;
}
/** On screen: two lines of text per phase (its name, its state) beside a planned and an actual bar. */
export const TIMELINE: TimelineDims = { width: 760, labelWidth: 170, top: 28, rowHeight: 38, right: 10 };
/**
 * On paper: one thin line per phase, the actual bar inside the planned one, as wide as the sheet. The
 * table under it says each phase's state and dates in words, so the chart need not: a scheda of ten
 * phases takes some 4 cm instead of 15.
 */
export const TIMELINE_PRINT: TimelineDims = { width: 1000, labelWidth: 120, top: 14, rowHeight: 13, right: 10 };
const MONTHS = ['gen', 'feb', 'mar', 'apr', 'mag', 'giu', 'lug', 'ago', 'set', 'ott', 'nov', 'dic'];
const DAY = 86_400_000;
const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

export interface TimelineLayout {
	width: number;
	height: number;
	months: Array<{ x: number; label: string }>;
	reference: { x: number; label: string } | null;
	rows: Array<{
		phase: TimelinePhase;
		y: number;
		label: string;
		planned: { x: number; width: number } | null;
		/** Open: the phase is still running, the bar stops at the reference date. */
		actual: { x: number; width: number; open: boolean } | null;
		statusText: string;
	}>;
}

/**
 * Lays the phases out over the plan year (widened by whole months to any date outside it). `label`
 * names a row: «Fase 2», or with the objective's code on a director's page.
 */
export function layoutTimeline(
	phases: readonly TimelinePhase[],
	options: { year: number; asOf: string; asOfLabel: string; withObjective?: boolean; dims?: TimelineDims; reference?: boolean }
): TimelineLayout {
	const dims = options.dims ?? TIMELINE;
	const dates = phases.flatMap((p) => [p.plannedStart, p.plannedEnd, p.actualStart, p.actualEnd]).filter((d): d is string => d !== null);
	const first = dates.reduce((a, d) => (d < a ? d : a), `${options.year}-01-01`);
	const last = dates.reduce((a, d) => (d > a ? d : a), `${options.year}-12-31`);
	const start = Date.UTC(Number(first.slice(0, 4)), Number(first.slice(5, 7)) - 1, 1);
	const endMonth = new Date(Date.UTC(Number(last.slice(0, 4)), Number(last.slice(5, 7)), 1));
	const end = endMonth.getTime();
	const x0 = dims.labelWidth;
	const span = dims.width - dims.right - x0;
	const xOf = (t: number) => x0 + ((Math.max(start, Math.min(end, t)) - start) / (end - start)) * span;
	const round = (n: number) => Math.round(n * 10) / 10;

	const months: TimelineLayout['months'] = [];
	const monthCount = Math.round((end - start) / (30.44 * DAY));
	for (let d = new Date(start); d.getTime() < end; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
		const m = d.getUTCMonth();
		// Over more than a year, January carries its year so the reader knows which one.
		const label = monthCount > 12 && m === 0 ? `${MONTHS[m]} ${String(d.getUTCFullYear()).slice(2)}` : MONTHS[m];
		months.push({ x: round(xOf(d.getTime())), label });
	}
	const bar = (from: string | null, to: string | null) => {
		if (!from && !to) return null;
		const a = xOf(ms(from ?? to!));
		const b = xOf(ms(to ?? from!) + DAY);
		return { x: round(a), width: round(Math.max(3, b - a)) };
	};
	const asOfTime = ms(options.asOf);
	const rows = phases.map((p, i) => {
		let actual: TimelineLayout['rows'][number]['actual'] = null;
		if (p.actualStart && p.actualStart <= options.asOf) {
			const open = !(p.actualEnd && p.actualEnd <= options.asOf) && p.status !== 'completata';
			const to = open ? options.asOf : (p.actualEnd ?? options.asOf);
			const b = bar(p.actualStart, to);
			if (b) actual = { ...b, open };
		}
		const status = p.status ? PHASE_STATUS_LABELS[p.status] : 'nessun dato';
		const percent = p.percent !== null && p.status !== 'completata' ? ` ${String(p.percent).replace('.', ',')} %` : '';
		return {
			phase: p,
			y: dims.top + i * dims.rowHeight,
			label: options.withObjective ? `${p.objectiveCode} · ${p.number}` : `Fase ${p.number}`,
			planned: bar(p.plannedStart, p.plannedEnd),
			actual,
			statusText: `${status}${percent}${p.late.late ? ' · in ritardo' : ''}`
		};
	});
	return {
		width: dims.width,
		height: dims.top + phases.length * dims.rowHeight + 6,
		months,
		// `reference: false`: a date the reader must not take for a monitoring date (the public timeline
		// before any date is validated).
		reference: options.reference !== false && asOfTime >= start && asOfTime <= end ? { x: round(xOf(asOfTime)), label: options.asOfLabel } : null,
		rows
	};
}

/** The text summary a screen reader hears (and everyone reads above the chart). */
export function timelineSummary(phases: readonly TimelinePhase[], asOfText: string, withObjective = false): string {
	if (phases.length === 0) return 'Nessuna fase.';
	const count = (s: PhaseStatus | null) => phases.filter((p) => p.status === s).length;
	const parts = [
		[count('completata'), 'completata', 'completate'],
		[count('in_corso'), 'in corso', 'in corso'],
		[count('sospesa'), 'sospesa', 'sospese'],
		[count('non_avviata'), 'non avviata', 'non avviate'],
		[count(null), 'senza avanzamento dichiarato', 'senza avanzamento dichiarato']
	]
		.filter(([n]) => (n as number) > 0)
		.map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
	const late = phases.filter((p) => p.late.late);
	const undated = phases.filter((p) => !p.plannedStart && !p.plannedEnd).length;
	const lateText =
		late.length === 0 ? 'nessuna in ritardo' : `${late.length === 1 ? '1 in ritardo' : `${late.length} in ritardo`} (${late.map((p) => `fase ${p.number}${withObjective ? ` di ${p.objectiveCode}` : ''}`).join(', ')})`;
	const total = phases.length === 1 ? '1 fase' : `${phases.length} fasi`;
	return `${total} ${asOfText}: ${parts.join(', ')}; ${lateText}.${undated > 0 ? ` ${undated === 1 ? '1 fase non ha' : `${undated} fasi non hanno`} date previste.` : ''}`;
}

import { error } from '@sveltejs/kit';
import type { Filters } from '../../filters';
import { REPORTS, type ReportKind, type ReportData } from '../../reports/builders';
import type { Report } from '../../reports/table';
import { formatDate } from '../../format';
import { DIMENSION_LABELS } from '../../vocabulary';
import { STATUS_ORDER } from '../../achievement/achievement';
import { statusChoices, statusFilter } from '../../status';
import type { Db } from '../db/database';
import { evaluateScope } from '../evaluation.service';
import { loadPlanContext } from '../plan-context';
import { listSubmittedValuesOfPlan } from '../plan.repository';
import { listPhasesWithProgress, type PhaseWithProgressRow } from '../phase.repository';
import { referenceDate } from '../../phases/late';
import { toTimelinePhase } from '../../phases/timeline';
import { todayInItaly } from '../../monitoring-dates';
import { describeRules } from '../../achievement/rules-summary';
import { getCoverageSettings } from '../settings.repository';
import { choosePage, type PageRequest, type ReportPaging } from '../../reports/paging';

export function isReportKind(kind: string): kind is ReportKind {
	return Object.hasOwn(REPORTS, kind);
}

/**
 * Loads, evaluates and builds one report for the filtered selection: five queries plus the context.
 * With `page` (the report page on screen), the Schede are built for that page's objectives only: each
 * scheda reads its values at every date, and building all of them to show 150 lines took seconds at a
 * hundred times the shipped plan. The other reports are cut into pages after building (paging.ts).
 */
export async function loadReport(
	db: Db,
	kind: ReportKind,
	filters: Filters,
	objectiveCode: string | null = null,
	page?: PageRequest
): Promise<{ report: Report; data: ReportData; ctx: Awaited<ReturnType<typeof loadPlanContext>>; schedePaging?: ReportPaging }> {
	const ctx = await loadPlanContext(db, filters);
	const status = statusFilter(filters.stato, ctx.settings.classes);
	const all = await evaluateScope(
		db,
		{ planId: ctx.plan.id, directorId: filters.dirigente ?? undefined, centreCode: filters.cdr ?? undefined, publicValueId: filters.vp ?? undefined },
		ctx.date,
		ctx.settings
	);
	// One objective's sheet: the same report, narrowed to it.
	const evaluated = objectiveCode ? all.filter((o) => o.code === objectiveCode) : all;
	if (objectiveCode && evaluated.length === 0) error(404, `Obiettivo ${objectiveCode} non trovato`);
	let objectives = status ? evaluated.filter((o) => status(o.achievement)) : evaluated;
	const needs = REPORTS[kind].needs;
	// Phases with their latest report at the report's date (or today, if earlier), judged late then.
	const phasesAsOf = referenceDate(todayInItaly(), ctx.date);
	const phases = needs.phases ? reportPhases(listPhasesWithProgress(db, { planId: ctx.plan.id }, phasesAsOf), phasesAsOf) : [];
	let schedePaging: ReportPaging | undefined;
	if (kind === 'schede' && page !== undefined) {
		// A scheda's lines: its own, its phases', its indicators' (as paging.ts counts them).
		const phaseCount = new Map<number, number>();
		for (const p of phases) phaseCount.set(p.objective_id, (phaseCount.get(p.objective_id) ?? 0) + 1);
		const { from, to, ...choice } = choosePage(
			objectives.map((o) => 1 + (phaseCount.get(o.id) ?? 0) + o.indicators.length),
			page
		);
		schedePaging = { ...choice, rowsInReport: [objectives.length] };
		if (!choice.whole) objectives = objectives.slice(from, to);
	}
	const ids = new Set(objectives.map((o) => o.id));
	const indicatorIds = new Set(objectives.flatMap((o) => o.indicators.map((i) => i.id)));
	// Read by plan and narrowed here: one statement whatever the selection, never an IN list of thousands
	// of ids; a page of the Schede names its few indicators.
	const history = needs.history ? await listSubmittedValuesOfPlan(db, ctx.plan.id, schedePaging && !schedePaging.whole ? [...indicatorIds] : undefined) : [];
	const data: ReportData = {
		objectives,
		phases: phases.filter((p) => ids.has(p.objective_id)),
		history: history.filter((h) => indicatorIds.has(h.indicator_id)),
		dates: ctx.dates.filter((d) => d <= ctx.date),
		date: ctx.date,
		settings: ctx.settings,
		rulesDescription: ctx.rulesInForce?.description,
		weightSum: 100,
		dimension: filters.dimensione,
		coverage: await getCoverageSettings(db)
	};
	if (!data.dates.includes(ctx.date)) data.dates.push(ctx.date);

	const selection = [
		filters.dirigente ? `dirigente ${ctx.directors.find((d) => d.id === filters.dirigente)?.name ?? filters.dirigente}` : null,
		filters.cdr ? `CdR ${filters.cdr}` : null,
		filters.vp ? `valore pubblico «${ctx.publicValues.find((v) => v.id === filters.vp)?.name ?? filters.vp}»` : null,
		status ? `stato «${statusChoices(ctx.settings.classes, STATUS_ORDER).find((c) => c.param === filters.stato)?.label ?? filters.stato}»` : null,
		kind === 'qualita' && filters.dimensione ? `dimensione «${DIMENSION_LABELS[filters.dimensione]}»` : null,
		objectiveCode ? `obiettivo ${objectiveCode}` : null
	].filter(Boolean);
	if (objectives.length === 0 && evaluated.length === 0 && (filters.dirigente || filters.cdr || filters.vp)) error(404, 'Nessun obiettivo per i filtri scelti');
	return {
		data,
		ctx,
		schedePaging,
		report: {
			kind,
			title: REPORTS[kind].title,
			body: ctx.plan.body,
			planTitle: ctx.plan.title,
			date: ctx.date,
			generatedAt: new Date().toISOString(),
			selection: selection.length ? selection.join(', ') : `intero piano ${ctx.plan.year}`,
			rules: { year: ctx.plan.year, description: ctx.rulesInForce?.description ?? '', lines: describeRules(ctx.settings) },
			tables: REPORTS[kind].build(data)
		}
	};
}

/**
 * The plan's phases as the reports read them, each judged late or not. The rows are kept between
 * requests until the data changes (phase.repository.ts), and so is this: 27.600 phases at 100 times
 * the shipped plan are not judged again for every reader.
 */
function reportPhases(rows: readonly PhaseWithProgressRow[], asOf: string): ReportData['phases'] {
	const known = judged.get(rows);
	if (known?.asOf === asOf) return known.phases;
	const phases = rows.map((r) => ({
		objective_id: r.objective_id,
		number: r.number,
		description: r.description,
		amount_cents: r.amount_cents,
		start_date: r.start_date,
		end_date: r.end_date,
		status: r.status,
		percent: r.percent,
		actual_start: r.actual_start,
		actual_end: r.actual_end,
		late: toTimelinePhase(r, asOf).late
	}));
	judged.set(rows, { asOf, phases });
	return phases;
}
const judged = new WeakMap<readonly PhaseWithProgressRow[], { asOf: string; phases: ReportData['phases'] }>();

/** File names that say what is inside: `scostamenti-2022-12-31.xlsx`. */
export function reportFileName(report: Report, extension: string, table?: string): string {
	return `${report.kind}${table ? `-${table.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : ''}-${report.date}.${extension}`;
}

export function describeDate(report: Report): string {
	return `situazione al ${formatDate(report.date)}`;
}

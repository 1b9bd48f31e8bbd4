import { error } from '@sveltejs/kit';
import type { Filters } from '../../filters';
import { REPORTS, type ReportKind, type ReportData } from '../../reports/builders';
import type { Report } from '../../reports/table';
import { formatDate } from '../../format';
import { DIMENSION_LABELS } from '../../vocabulary';
import { statusFromParam, STATUS_LABELS } from '../../status';
import type { Db } from '../db/database';
import { evaluateScope } from '../evaluation.service';
import { loadPlanContext } from '../plan-context';
import { listSubmittedValuesOfPlan } from '../plan.repository';
import { listPhasesWithProgress } from '../phase.repository';
import { referenceDate } from '../../phases/late';
import { toTimelinePhase } from '../../phases/timeline';
import { todayInItaly } from '../../monitoring-dates';
import { describeRules } from '../../achievement/rules-summary';
import { getCoverageSettings } from '../settings.repository';

export function isReportKind(kind: string): kind is ReportKind {
	return Object.hasOwn(REPORTS, kind);
}

/** Loads, evaluates and builds one report for the filtered selection: five queries plus the context. */
export async function loadReport(db: Db, kind: ReportKind, filters: Filters, objectiveCode: string | null = null): Promise<{ report: Report; data: ReportData; ctx: Awaited<ReturnType<typeof loadPlanContext>> }> {
	const ctx = await loadPlanContext(db, filters);
	const status = statusFromParam(filters.stato);
	const all = await evaluateScope(
		db,
		{ planId: ctx.plan.id, directorId: filters.dirigente ?? undefined, centreCode: filters.cdr ?? undefined, publicValueId: filters.vp ?? undefined },
		ctx.date,
		ctx.settings
	);
	// One objective's sheet: the same report, narrowed to it.
	const evaluated = objectiveCode ? all.filter((o) => o.code === objectiveCode) : all;
	if (objectiveCode && evaluated.length === 0) error(404, `Obiettivo ${objectiveCode} non trovato`);
	const objectives = status ? evaluated.filter((o) => o.achievement.status === status) : evaluated;
	const ids = new Set(objectives.map((o) => o.id));
	const indicatorIds = new Set(objectives.flatMap((o) => o.indicators.map((i) => i.id)));
	const needs = REPORTS[kind].needs;
	// Read by plan and narrowed here: one statement whatever the selection, never an IN list of thousands of ids.
	// Phases with their latest report at the report's date (or today, if earlier), judged late then.
	const phasesAsOf = referenceDate(todayInItaly(), ctx.date);
	const [phaseRows, history] = await Promise.all([
		needs.phases ? listPhasesWithProgress(db, { planId: ctx.plan.id }, phasesAsOf) : [],
		needs.history ? listSubmittedValuesOfPlan(db, ctx.plan.id) : []
	]);
	const phases = phaseRows.map((r) => ({
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
		late: toTimelinePhase(r, phasesAsOf).late
	}));
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
		status ? `stato «${STATUS_LABELS[status]}»` : null,
		kind === 'qualita' && filters.dimensione ? `dimensione «${DIMENSION_LABELS[filters.dimensione]}»` : null,
		objectiveCode ? `obiettivo ${objectiveCode}` : null
	].filter(Boolean);
	if (objectives.length === 0 && evaluated.length === 0 && (filters.dirigente || filters.cdr || filters.vp)) error(404, 'Nessun obiettivo per i filtri scelti');
	return {
		data,
		ctx,
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

/** File names that say what is inside: `scostamenti-2022-12-31.xlsx`. */
export function reportFileName(report: Report, extension: string, table?: string): string {
	return `${report.kind}${table ? `-${table.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : ''}-${report.date}.${extension}`;
}

export function describeDate(report: Report): string {
	return `situazione al ${formatDate(report.date)}`;
}

import { error } from '@sveltejs/kit';
import type { Filters } from '../../filters';
import { REPORTS, type ReportKind, type ReportData } from '../../reports/builders';
import type { Report, ReportTable } from '../../reports/table';
import { formatDate } from '../../format';
import { DIMENSION_LABELS } from '../../vocabulary';
import { STATUS_ORDER } from '../../achievement/achievement';
import { statusChoices, statusFilter } from '../../status';
import type { Db } from '../db/database';
import { evaluateInFull, evaluateScope, type EvaluatedObjective } from '../evaluation.service';
import { loadPlanContext } from '../plan-context';
import { listSubmittedValuesOfPlan } from '../plan.repository';
import { listPhasesInFull, listPhasesWithProgress, type PhaseWithProgressRow } from '../phase.repository';
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
 * `inFull`: evaluated and read again from the database and built from scratch, bypassing every memo
 * (the reference the kept and carried reports must equal, in the tests).
 * With `page` (the report page on screen), the Schede are built for that page's objectives only: each
 * scheda reads its values at every date, and building all of them to show 150 lines took seconds at a
 * hundred times the shipped plan. The other reports are cut into pages after building (paging.ts).
 */
export async function loadReport(
	db: Db,
	kind: ReportKind,
	filters: Filters,
	objectiveCode: string | null = null,
	page?: PageRequest,
	options: { inFull?: boolean } = {}
): Promise<{ report: Report; data: ReportData; ctx: Awaited<ReturnType<typeof loadPlanContext>>; schedePaging?: ReportPaging }> {
	const ctx = await loadPlanContext(db, filters);
	const status = statusFilter(filters.stato, ctx.settings.classes);
	const scope = { planId: ctx.plan.id, directorId: filters.dirigente ?? undefined, centreCode: filters.cdr ?? undefined, publicValueId: filters.vp ?? undefined };
	// In full: unfrozen copies, for which the builders keep nothing (they keep rows only for shared, frozen inputs).
	const all = options.inFull ? structuredClone(evaluateInFull(db, scope, ctx.date, ctx.settings)) : await evaluateScope(db, scope, ctx.date, ctx.settings);
	// One objective's sheet: the same report, narrowed to it.
	const evaluated = objectiveCode ? all.filter((o) => o.code === objectiveCode) : all;
	if (objectiveCode && evaluated.length === 0) error(404, `Obiettivo ${objectiveCode} non trovato`);
	let objectives = status ? evaluated.filter((o) => status(o.achievement)) : evaluated;
	const needs = REPORTS[kind].needs;
	// Phases with their latest report at the report's date (or today, if earlier), judged late then.
	const phasesAsOf = referenceDate(todayInItaly(), ctx.date);
	const phaseRows = !needs.phases ? null : options.inFull ? listPhasesInFull(db, ctx.plan.id, phasesAsOf) : listPhasesWithProgress(db, { planId: ctx.plan.id }, phasesAsOf);
	const phases = !phaseRows ? [] : options.inFull ? structuredClone(reportPhases(phaseRows, phasesAsOf)) : reportPhases(phaseRows, phasesAsOf);
	const coverage = await getCoverageSettings(db);
	const dates = ctx.dates.filter((d) => d <= ctx.date);
	if (!dates.includes(ctx.date)) dates.push(ctx.date);
	// The same evaluation and phases, asked the same way, make the same report: kept (see builtReports).
	// The Schede read the history of values besides, and are built per page: made each time.
	const keptKey = needs.history || options.inFull ? null : JSON.stringify([kind, objectiveCode, filters.stato, filters.dimensione, ctx.date, phasesAsOf, dates, ctx.rulesInForce?.description ?? null, coverage]);
	const kept = keptKey === null ? undefined : builtReports.get(all)?.find((b) => b.key === keptKey && b.phases === phases);
	let data: ReportData;
	let tables: ReportTable[];
	let schedePaging: ReportPaging | undefined;
	if (kept) ({ data, tables } = kept);
	else {
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
		// The plan's phases are all the chosen objectives' when the whole plan is chosen: the same array
		// then, and what the builders make from it is kept with it.
		const wholePlan = objectives === all && scope.directorId === undefined && scope.centreCode === undefined && scope.publicValueId === undefined;
		const ids = wholePlan ? null : new Set(objectives.map((o) => o.id));
		const indicatorIds = needs.history ? new Set(objectives.flatMap((o) => o.indicators.map((i) => i.id))) : null;
		// Read by plan and narrowed here: one statement whatever the selection, never an IN list of thousands
		// of ids; a page of the Schede names its few indicators.
		const history = indicatorIds ? await listSubmittedValuesOfPlan(db, ctx.plan.id, schedePaging && !schedePaging.whole ? [...indicatorIds] : undefined) : [];
		data = {
			objectives,
			phases: !ids ? phases : options.inFull ? phases.filter((p) => ids.has(p.objective_id)) : Object.freeze(phases.filter((p) => ids.has(p.objective_id))),
			history: indicatorIds ? history.filter((h) => indicatorIds.has(h.indicator_id)) : [],
			dates,
			date: ctx.date,
			settings: ctx.settings,
			rulesDescription: ctx.rulesInForce?.description,
			weightSum: 100,
			dimension: filters.dimensione,
			coverage
		};
		tables = REPORTS[kind].build(data);
		if (keptKey !== null) keep(all, { key: keptKey, phases, data, tables });
	}

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
			tables
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
	const phases = rows.map((r) => Object.freeze({
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
		late: Object.freeze(toTimelinePhase(r, asOf).late)
	}));
	// Frozen: shared between requests, and what the builders make from them is kept with them.
	Object.freeze(phases);
	judged.set(rows, { asOf, phases });
	return phases;
}
const judged = new WeakMap<readonly PhaseWithProgressRow[], { asOf: string; phases: ReportData['phases'] }>();

/**
 * Reports built, kept with the evaluation they were built from. An evaluation array is shared and kept
 * only while the data it was made from holds (evaluation.service.ts: any write makes a new array, even
 * a value write that only a few objectives feel; a sign-in keeps it), and so are the phases' rows
 * (phase.repository.ts): the same array of each, asked with the same kind, filters, dates and settings,
 * makes the same tables. So a report read again while nothing changed costs no build at all, and is
 * dropped with the evaluation it came from. The builders keep each objective's rows besides, so that a
 * report after a value write makes again only the rows of the objectives that write touched.
 * A few per evaluation: one for each report and filter being read.
 */
interface BuiltReport {
	key: string;
	phases: ReportData['phases'];
	data: ReportData;
	tables: ReportTable[];
}
const builtReports = new WeakMap<readonly EvaluatedObjective[], BuiltReport[]>();
const BUILT_PER_EVALUATION = 8;

function keep(evaluation: readonly EvaluatedObjective[], built: BuiltReport): void {
	let list = builtReports.get(evaluation);
	if (!list) builtReports.set(evaluation, (list = []));
	const others = list.filter((b) => b.key !== built.key);
	list.splice(0, list.length, built, ...others.slice(0, BUILT_PER_EVALUATION - 1));
}

/** File names that say what is inside: `scostamenti-2022-12-31.xlsx`. */
export function reportFileName(report: Report, extension: string, table?: string): string {
	return `${report.kind}${table ? `-${table.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : ''}-${report.date}.${extension}`;
}

export function describeDate(report: Report): string {
	return `situazione al ${formatDate(report.date)}`;
}

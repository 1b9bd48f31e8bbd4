import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { parseFilters } from '$lib/filters';
import { isReportKind, loadReport } from '$lib/server/reports/load';
import { filterChoices } from '$lib/server/plan-context';
import { pageOfReport, parsePageRequest } from '$lib/reports/paging';
import { serverRenderedOnly } from '$lib/server-rendered-data';
import type { ReportData } from '$lib/reports/builders';
import type { TimelinePhase } from '$lib/phases/timeline';
import { referenceDate } from '$lib/phases/late';
import { todayInItaly } from '$lib/monitoring-dates';

function timelinesByObjective(data: ReportData): Record<string, TimelinePhase[]> {
	const codeOf = new Map(data.objectives.map((o) => [o.id, o.code]));
	const out: Record<string, TimelinePhase[]> = {};
	data.phases.forEach((p, i) => {
		const code = codeOf.get(p.objective_id);
		if (!code) return;
		(out[code] ??= []).push({
			id: i,
			objectiveCode: code,
			number: p.number,
			description: p.description,
			amountCents: p.amount_cents,
			plannedStart: p.start_date,
			plannedEnd: p.end_date,
			status: p.status ?? null,
			percent: p.percent ?? null,
			actualStart: p.actual_start ?? null,
			actualEnd: p.actual_end ?? null,
			note: null,
			reportDate: null,
			late: p.late ?? { late: false }
		});
	});
	return out;
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireRole(locals.user, 'dirigente', 'direzione', 'nucleo', 'admin');
	if (!isReportKind(params.tipo)) error(404, 'Report inesistente');
	const filters = parseFilters(url.searchParams);
	const request = parsePageRequest(url.searchParams.get('pagina'));
	const built = await loadReport(locals.db, params.tipo, filters, url.searchParams.get('obiettivo'), request);
	const { ctx, data } = built;
	// The Excel, CSV and Word downloads are whole; the page shows a long report in parts (see paging.ts).
	// The Schede come built for their page already.
	const { report, paging } = built.schedePaging ? { report: built.report, paging: built.schedePaging } : pageOfReport(built.report, request);
	// Each scheda prints its objective's timeline (the phases' table is the report's own): those on this page only.
	const shown = new Set(params.tipo === 'schede' ? report.tables[0].rows.map((r) => String(r.codice)) : []);
	const timelines = Object.fromEntries(Object.entries(params.tipo === 'schede' ? timelinesByObjective(data) : {}).filter(([code]) => shown.has(code)));
	return serverRenderedOnly({
		report,
		paging,
		filters,
		objective: url.searchParams.get('obiettivo'),
		timelines,
		timelineAsOf: referenceDate(todayInItaly(), data.date),
		ctx: { years: ctx.years, dates: ctx.dates, ...filterChoices(ctx), year: ctx.plan.year }
	});
};

/** Links and plain forms only: no JavaScript is shipped, nothing is hydrated. */
export const csr = false;

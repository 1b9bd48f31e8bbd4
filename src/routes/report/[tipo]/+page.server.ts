import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { parseFilters } from '$lib/filters';
import { isReportKind, loadReport } from '$lib/server/reports/load';
import { filterChoices } from '$lib/server/plan-context';
import { pageOfReport, parsePageRequest } from '$lib/reports/paging';
import { serverRenderedOnly } from '$lib/server-rendered-data';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireRole(locals.user, 'dirigente', 'direzione', 'nucleo', 'admin');
	if (!isReportKind(params.tipo)) error(404, 'Report inesistente');
	const filters = parseFilters(url.searchParams);
	const request = parsePageRequest(url.searchParams.get('pagina'));
	const built = await loadReport(locals.db, params.tipo, filters, url.searchParams.get('obiettivo'), request);
	// The Excel, CSV and Word downloads are whole; the page shows a long report in parts (see paging.ts).
	// The Schede come built for their page already.
	const { report, paging } = built.schedePaging ? { report: built.report, paging: built.schedePaging } : pageOfReport(built.report, request);
	const ctx = built.ctx;
	return serverRenderedOnly({ report, paging, filters, objective: url.searchParams.get('obiettivo'), ctx: { years: ctx.years, dates: ctx.dates, ...filterChoices(ctx), year: ctx.plan.year } });
};

/** Links and plain forms only: no JavaScript is shipped, nothing is hydrated. */
export const csr = false;

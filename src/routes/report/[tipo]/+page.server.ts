import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { parseFilters } from '$lib/filters';
import { isReportKind, loadReport } from '$lib/server/reports/load';
import { loadPlanContext } from '$lib/server/plan-context';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	requireRole(locals.user, 'dirigente', 'direzione', 'nucleo', 'admin');
	if (!isReportKind(params.tipo)) error(404, 'Report inesistente');
	const filters = parseFilters(url.searchParams);
	const [{ report }, ctx] = await Promise.all([loadReport(locals.db, params.tipo, filters), loadPlanContext(locals.db, filters)]);
	return { report, filters, ctx: { years: ctx.years, dates: ctx.dates, directors: ctx.directors, centres: ctx.centres, publicValues: ctx.publicValues, year: ctx.plan.year } };
};

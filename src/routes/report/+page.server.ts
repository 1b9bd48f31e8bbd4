import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { parseFilters } from '$lib/filters';
import { filterChoices, loadPlanContext } from '$lib/server/plan-context';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireRole(locals.user, 'dirigente', 'direzione', 'nucleo', 'admin');
	const filters = parseFilters(url.searchParams);
	const ctx = await loadPlanContext(locals.db, filters);
	return { filters, date: ctx.date, year: ctx.plan.year, years: ctx.years, dates: ctx.dates, classes: ctx.settings.classes, ...filterChoices(ctx) };
};

/** Links and plain forms only: no JavaScript is shipped, nothing is hydrated. */
export const csr = false;

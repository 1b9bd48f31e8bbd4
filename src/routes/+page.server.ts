import { error } from '@sveltejs/kit';
import { requestedPage } from '$lib/page-of';
import type { PageServerLoad } from './$types';
import { parseFilters } from '$lib/filters';
import { filterChoices, loadPlanContext, withoutChoices } from '$lib/server/plan-context';
import { evaluateScope } from '$lib/server/evaluation.service';
import { statusFilter } from '$lib/status';
import { buildOverview, planTotal, type DirectorSortKey } from '$lib/server/overview';
import { serverRenderedOnly } from '$lib/server-rendered-data';
import { achievementTrend } from '$lib/server/trend.service';

const PAGE_SIZE = 100;

export const load: PageServerLoad = async ({ locals, url }) => {
	const raw = url.searchParams.get('anno');
	if (raw !== null && !/^\d{4}$/.test(raw)) error(400, `Anno non valido: «${raw}»`);
	const filters = parseFilters(url.searchParams);
	const ctx = await loadPlanContext(locals.db, filters);
	// A named class of the body's rules, or a base state.
	const status = statusFilter(filters.stato, ctx.settings.classes);

	// The whole plan first: its figure stands beside a filtered view, and the filtered part is then a filter
	// of it, not a second evaluation.
	const whole = await evaluateScope(locals.db, { planId: ctx.plan.id }, ctx.date, ctx.settings);
	const evaluated =
		filters.dirigente || filters.cdr || filters.vp
			? await evaluateScope(
					locals.db,
					{ planId: ctx.plan.id, directorId: filters.dirigente ?? undefined, centreCode: filters.cdr ?? undefined, publicValueId: filters.vp ?? undefined },
					ctx.date,
					ctx.settings
				)
			: whole;
	const objectives = status ? evaluated.filter((o) => status(o.achievement)) : evaluated;
	const sort = (url.searchParams.get('ordina') as DirectorSortKey | null) ?? 'dirigente';
	const descending = url.searchParams.get('verso') === 'disc';
	const page = requestedPage(url);
	const directorPage = requestedPage(url, 'pagdir');

	return serverRenderedOnly({
		...withoutChoices(ctx),
		...filterChoices(ctx),
		filters,
		overview: buildOverview(objectives, ctx.settings, { sort, descending, page, pageSize: PAGE_SIZE, directorPage }),
		// Whole-plan figure beside the filtered one, so a filtered view keeps its context (of the whole plan:
		// it used to be taken from the filtered objectives, and so repeated the selection's own figure).
		planAchievement: planTotal(whole, ctx.settings),
		filtered: Boolean(filters.dirigente || filters.cdr || filters.vp || status),
		// The whole plan at each monitoring date and in each plan year.
		trend: achievementTrend(locals.db, { planId: ctx.plan.id, year: ctx.plan.year, date: ctx.date, settings: ctx.settings, dates: ctx.dates, years: ctx.years }, { plan: true })
	});
};


/** Links and plain forms only: no JavaScript is shipped, nothing is hydrated. */
export const csr = false;

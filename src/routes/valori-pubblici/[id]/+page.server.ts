import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { parseFilters } from '$lib/filters';
import { loadPlanContext, withoutChoices } from '$lib/server/plan-context';
import { aggregateOf, evaluateScope } from '$lib/server/evaluation.service';
import { aggregateByDirector } from '$lib/shared-objectives';
import { objectivePageWithPhases } from '$lib/server/scoped-page';
import { serverRenderedOnly } from '$lib/server-rendered-data';
import { achievementTrend } from '$lib/server/trend.service';
import { requestedPage } from '$lib/page-of';

/** Objectives per page: a public value of the shipped plan fits one; at a hundred times the plan, 1.000 do not. */
const OBJECTIVES_PER_PAGE = 100;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!/^\d{1,9}$/.test(params.id)) error(404, 'Valore pubblico non trovato');
	const filters = parseFilters(url.searchParams);
	const ctx = await loadPlanContext(locals.db, filters);
	const publicValue = ctx.publicValues.find((v) => v.id === Number(params.id));
	if (!publicValue) error(404, `Valore pubblico non trovato nel piano ${ctx.plan.year}`);

	const objectives = await evaluateScope(locals.db, { planId: ctx.plan.id, publicValueId: publicValue.id }, ctx.date, ctx.settings);
	const directors = aggregateByDirector(objectives, ctx.settings).map((g) => ({
		id: g.key,
		name: g.label,
		achievement: g.achievement
	}));
	return serverRenderedOnly({
		...withoutChoices(ctx),
		filters,
		publicValue,
		achievement: aggregateOf(objectives, ctx.settings),
		directors,
		// Only the page shown is read further (its phases) and drawn; the figures above are the whole value's.
		...(await objectivePageWithPhases(locals.db, objectives, requestedPage(url), OBJECTIVES_PER_PAGE)),
		// At each monitoring date and in each plan year: the public value is the same by its name.
		trend: achievementTrend(locals.db, { planId: ctx.plan.id, year: ctx.plan.year, date: ctx.date, settings: ctx.settings, dates: ctx.dates, years: ctx.years }, { publicValue: publicValue.name })
	});
};

/** Links and plain forms only: no JavaScript is shipped, nothing is hydrated. */
export const csr = false;

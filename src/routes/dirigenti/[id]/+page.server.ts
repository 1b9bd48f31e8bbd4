import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { parseFilters } from '$lib/filters';
import { loadPlanContext, withoutChoices } from '$lib/server/plan-context';
import { aggregateBy, aggregateOf, evaluateScope } from '$lib/server/evaluation.service';
import { objectiveRowsWithPhases } from '$lib/server/scoped-page';
import { findDirector } from '$lib/server/plan.repository';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!/^\d{1,9}$/.test(params.id)) error(404, 'Dirigente non trovato');
	const filters = parseFilters(url.searchParams);
	const ctx = await loadPlanContext(locals.db, filters);
	const director = await findDirector(locals.db, Number(params.id));
	if (!director) error(404, 'Dirigente non trovato');

	const objectives = await evaluateScope(locals.db, { planId: ctx.plan.id, directorId: director.id }, ctx.date, ctx.settings);
	const rows = await objectiveRowsWithPhases(locals.db, objectives);
	const centres = aggregateBy(objectives, (o) => o.centreCode, (o) => o.centreName, ctx.settings).map((g) => ({
		code: g.key,
		name: g.label,
		achievement: g.achievement,
		rows: rows.filter((r) => r.centreCode === g.key)
	}));
	return { ...withoutChoices(ctx), filters, director, achievement: aggregateOf(objectives, ctx.settings), centres };
};

/** Links and plain forms only: no JavaScript is shipped, nothing is hydrated. */
export const csr = false;

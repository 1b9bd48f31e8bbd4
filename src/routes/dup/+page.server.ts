import type { PageServerLoad } from './$types';
import { parseFilters } from '$lib/filters';
import { loadPlanContext, withoutChoices } from '$lib/server/plan-context';
import { aggregateOf, evaluateScope } from '$lib/server/evaluation.service';
import { dupTree } from '$lib/dup';
import { serverRenderedOnly } from '$lib/server-rendered-data';

/** The plan through the DUP: missione → programma → obiettivo strategico, with achievement at each level. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const filters = parseFilters(url.searchParams);
	const ctx = await loadPlanContext(locals.db, filters);
	const objectives = await evaluateScope(locals.db, { planId: ctx.plan.id }, ctx.date, ctx.settings);
	const tree = dupTree(objectives, ctx.settings);
	const slim = (o: (typeof objectives)[number]) => ({ code: o.code, title: o.title, director: o.director, score: o.achievement.score, status: o.achievement.status, byPhases: o.achievement.byPhases !== undefined });
	return serverRenderedOnly({
		...withoutChoices(ctx),
		filters,
		achievement: aggregateOf(objectives, ctx.settings),
		missions: tree.missions.map((m) => ({
			label: m.label,
			achievement: m.achievement,
			programmes: m.programmes.map((p) => ({
				label: p.label,
				achievement: p.achievement,
				strategic: p.strategic.map((s) => ({ label: s.label, achievement: s.achievement, objectives: s.objectives.map(slim) }))
			}))
		})),
		unlinked: tree.unlinked.map(slim)
	});
};

/** Links and plain forms only: no JavaScript is shipped, nothing is hydrated. */
export const csr = false;

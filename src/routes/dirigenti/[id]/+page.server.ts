import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { parseFilters } from '$lib/filters';
import { loadPlanContext, withoutChoices } from '$lib/server/plan-context';
import { evaluateScope } from '$lib/server/evaluation.service';
import { directorAchievement, heldBy, sharesOf } from '$lib/shared-objectives';
import { objectiveRowsWithPhases } from '$lib/server/scoped-page';
import { findDirector } from '$lib/server/plan.repository';
import { serverRenderedOnly } from '$lib/server-rendered-data';
import { listPhasesWithProgress } from '$lib/server/phase.repository';
import { referenceDate } from '$lib/phases/late';
import { toTimelinePhase } from '$lib/phases/timeline';
import { todayInItaly } from '$lib/monitoring-dates';
import { achievementTrend } from '$lib/server/trend.service';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!/^\d{1,9}$/.test(params.id)) error(404, 'Dirigente non trovato');
	const filters = parseFilters(url.searchParams);
	const ctx = await loadPlanContext(locals.db, filters);
	const director = await findDirector(locals.db, Number(params.id));
	if (!director) error(404, 'Dirigente non trovato');

	const objectives = await evaluateScope(locals.db, { planId: ctx.plan.id, directorId: director.id }, ctx.date, ctx.settings);
	const today = todayInItaly();
	const phasesAsOf = referenceDate(today, ctx.date);
	// Every phase of his objectives (shared ones too), for the timeline and the list: one query at most
	// (none while the plan's phases are kept at this date: phase.repository.ts).
	const phaseRows = listPhasesWithProgress(locals.db, { planId: ctx.plan.id, objectiveIds: objectives.map((o) => o.id) }, phasesAsOf);
	const rows = await objectiveRowsWithPhases(locals.db, objectives, phaseRows);
	// His objectives, each with his share (whole when not shared), under the CdR he holds it on.
	const held = heldBy(objectives, director.id);
	const centreOf = (o: (typeof objectives)[number]) => sharesOf(o).find((s) => s.directorId === director.id)!;
	const byCentre = new Map<string, { name: string; held: typeof held }>();
	for (const h of held) {
		const share = centreOf(h.objective);
		let g = byCentre.get(share.centreCode);
		if (!g) byCentre.set(share.centreCode, (g = { name: share.centreName, held: [] }));
		g.held.push(h);
	}
	const centres = [...byCentre].map(([code, g]) => ({
		code,
		name: g.name,
		achievement: directorAchievement(g.held, ctx.settings),
		rows: rows.filter((r) => g.held.some((h) => h.objective.id === r.id))
	}));
	// His figure at each monitoring date and in each plan year (directors are the same across years).
	const trend = achievementTrend(locals.db, { planId: ctx.plan.id, year: ctx.plan.year, date: ctx.date, settings: ctx.settings, dates: ctx.dates, years: ctx.years }, { directorId: director.id });
	return serverRenderedOnly({
		...withoutChoices(ctx),
		filters,
		director,
		phases: phaseRows.map((r) => toTimelinePhase(r, phasesAsOf)),
		phasesAsOf,
		phasesAsOfIsToday: phasesAsOf === today,
		achievement: directorAchievement(held, ctx.settings),
		centres,
		trend
	});
};

/** Links and plain forms only: no JavaScript is shipped, nothing is hydrated. */
export const csr = false;

import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findPlan } from '$lib/server/plan.repository';
import { listPhasesWithProgress } from '$lib/server/phase.repository';
import { toTimelinePhase } from '$lib/phases/timeline';
import { rowsByKey } from '$lib/grouping';
import { serverRenderedOnly } from '$lib/server-rendered-data';
import { pageOf, requestedPage } from '$lib/page-of';

/** Objectives per page, each with its timeline: the shipped plan's fit one. */
const OBJECTIVES_PER_PAGE = 100;

/**
 * The public timeline of every objective's phases: their planned dates, and their progress only as the
 * Nucleo validated it, at the latest validated monitoring date (lateness judged then, not today). Three
 * queries whatever the size of the plan.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!/^\d{4}$/.test(params.anno)) error(404, 'Anno non valido');
	const plan = await findPlan(locals.db, Number(params.anno));
	if (!plan) error(404, `Nessun piano pubblicato per il ${params.anno}`);
	const validated = await locals.db.kysely
		.selectFrom('monitoring_period')
		.where('plan_id', '=', plan.id)
		.where('state', '=', 'validato')
		.select('date')
		.orderBy('date', 'desc')
		.executeTakeFirst();
	// Without a validated date nothing of the progress is public: the planned dates alone, judged at the
	// start of the year (nothing can be late then).
	const asOf = validated?.date ?? `${plan.year}-01-01`;
	const rows = await listPhasesWithProgress(locals.db, { planId: plan.id }, asOf, { validatedOnly: true });
	const byObjective = rowsByKey(rows, (r) => r.objective_id);
	const objectives = [...byObjective.values()]
		.map((phases) => ({ code: phases[0].objective_code, title: phases[0].objective_title, phases: phases.map((r) => toTimelinePhase(r, asOf)) }))
		// Only where there is something to draw: planned dates or a validated start.
		.filter((o) => o.phases.some((p) => p.plannedStart || p.plannedEnd || p.actualStart));
	const { rows: shown, ...paging } = pageOf(objectives, requestedPage(url), OBJECTIVES_PER_PAGE);
	return serverRenderedOnly({ plan, validatedDate: validated?.date ?? null, asOf, objectives: shown, paging, phaseCount: rows.length });
};

/** Links only: no JavaScript is shipped, nothing is hydrated. */
export const csr = false;

import type { PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { loadPlanContext } from '$lib/server/plan-context';
import { aggregateOf, evaluateScope } from '$lib/server/evaluation.service';
import { objectiveRowsWithPhases } from '$lib/server/scoped-page';
import { listPeriods, returnedToDirector } from '$lib/server/entry.repository';
import { directorProgress } from '$lib/server/campaign.repository';
import { summariseCampaign } from '$lib/campaign';
import { todayInItaly } from '$lib/monitoring-dates';
import { listPhasesWithProgress } from '$lib/server/phase.repository';
import { referenceDate } from '$lib/phases/late';
import { toTimelinePhase } from '$lib/phases/timeline';

/** A director's own page: what is due and by when, what came back with a comment, how his objectives stand. */
export const load: PageServerLoad = async ({ locals }) => {
	const user = requireRole(locals.user, 'dirigente');
	const directorId = user.directorId!;
	const ctx = await loadPlanContext(locals.db, { anno: null, data: null, dirigente: null, cdr: null, vp: null, stato: null, dimensione: null });
	const today = todayInItaly();
	const periods = await listPeriods(locals.db, ctx.plan.id);
	const due = periods
		.filter((p) => p.state === 'aperto')
		.map((p) => {
			const mine = directorProgress(locals.db, ctx.plan.id, p.date).filter((d) => d.directorId === directorId);
			const s = summariseCampaign(p.date, p.due_date, mine, today);
			return { date: p.date, dueDate: p.due_date, daysLeft: s.daysLeft, overdue: s.overdue, progress: s.directors[0] ?? null };
		});
	const returned = await returnedToDirector(locals.db, ctx.plan.id, directorId);
	const objectives = await evaluateScope(locals.db, { planId: ctx.plan.id, directorId }, ctx.date, ctx.settings);
	// His phases that are late (objectives he leads: he reports their phases), judged today or at the year's end.
	const phasesAsOf = referenceDate(today, `${ctx.plan.year}-12-31`);
	const latePhases = (await listPhasesWithProgress(locals.db, { planId: ctx.plan.id, directorId }, phasesAsOf)).map((r) => toTimelinePhase(r, phasesAsOf)).filter((p) => p.late.late);
	return {
		plan: ctx.plan,
		date: ctx.date,
		name: user.displayName,
		directorId,
		due,
		returned,
		latePhases,
		phasesAsOf,
		today,
		achievement: aggregateOf(objectives, ctx.settings),
		rows: await objectiveRowsWithPhases(locals.db, objectives)
	};
};

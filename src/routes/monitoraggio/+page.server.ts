import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { changePeriod, Forbidden, setDueDate } from '$lib/server/monitoring.service';
import { findPlan } from '$lib/server/plan.repository';
import { listPeriods, valueCountsByDateAndState } from '$lib/server/entry.repository';
import { campaignAt, remindersSent } from '$lib/server/campaign.repository';
import { defaultMonitoringDates, todayInItaly } from '$lib/monitoring-dates';
import { measurementDatesInYear } from '$lib/server/evaluation.service';
import { listPhasesWithProgress } from '$lib/server/phase.repository';
import { referenceDate } from '$lib/phases/late';
import { toTimelinePhase } from '$lib/phases/timeline';

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireRole(locals.user, 'dirigente', 'direzione', 'nucleo', 'admin');
	const plan = await findPlan(locals.db);
	if (!plan) error(404, 'Nessun piano caricato');
	const [periods, dataDates, counts] = await Promise.all([
		listPeriods(locals.db, plan.id),
		measurementDatesInYear(locals.db, plan.year),
		valueCountsByDateAndState(locals.db, plan.id)
	]);
	const dates = [...new Set([...defaultMonitoringDates(plan.year), ...periods.map((p) => p.date), ...dataDates])].sort();
	const today = todayInItaly();
	// Late phases of the whole plan, judged today (or at the year's end for a past plan): one query.
	const phasesAsOf = referenceDate(today, `${plan.year}-12-31`);
	const latePhases = (await listPhasesWithProgress(locals.db, { planId: plan.id }, phasesAsOf)).map((r) => toTimelinePhase(r, phasesAsOf)).filter((p) => p.late.late);
	// The campaign of each open date: completion per director and what is overdue (one query per open date).
	// Closed dates await the board's validation: their completeness is what the board decides on.
	const campaigns = periods
		.filter((p) => p.state === 'aperto' || p.state === 'chiuso')
		.map((p) => ({ ...campaignAt(locals.db, plan.id, p.date, today), state: p.state, reminders: user.role === 'dirigente' ? [] : remindersSent(locals.db, plan.id, p.date) }));
	// The board's work is what is closed; everyone else's, what is open.
	if (user.role === 'nucleo') campaigns.sort((a, b) => (a.state === b.state ? a.date.localeCompare(b.date) : a.state === 'chiuso' ? -1 : 1));
	const toReview = counts.filter((c) => c.state === 'inviato').reduce((n, c) => n + Number(c.n), 0);
	return {
		plan,
		role: user.role,
		today,
		campaigns,
		toReview,
		latePhases,
		phasesAsOf,
		rows: dates.map((date) => {
			const period = periods.find((p) => p.date === date);
			return {
				date,
				state: period?.state ?? null,
				dueDate: period?.due_date ?? null,
				counts: Object.fromEntries(counts.filter((c) => c.date === date).map((c) => [c.state, Number(c.n)])) as Record<string, number>
			};
		})
	};
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const user = requireRole(locals.user, 'direzione', 'nucleo', 'admin');
		const plan = await findPlan(locals.db);
		if (!plan) error(404, 'Nessun piano caricato');
		const form = await request.formData();
		const action = String(form.get('azione'));
		if (!['apri', 'chiudi', 'valida', 'riapri', 'scadenza'].includes(action)) return fail(400, { message: 'Azione sconosciuta.' });
		const date = String(form.get('data') ?? '');
		if (!date.startsWith(`${plan.year}-`)) return fail(400, { message: `La data deve cadere nell’anno del piano (${plan.year}).` });
		try {
			if (action === 'scadenza') {
				const result = setDueDate(locals.db, user, plan.id, date, String(form.get('scadenza') ?? ''));
				return result.ok ? { success: result.message } : fail(400, { message: result.message });
			}
			const result = changePeriod(locals.db, user, plan.id, date, action as 'apri', String(form.get('motivazione') ?? '') || null, {
				dueDate: action === 'apri' && form.has('scadenza') ? String(form.get('scadenza')) : undefined,
				confirmed: form.get('conferma') === 'si'
			});
			if (result.ok) return { success: result.message };
			// 409: the request was understood, but it waits for the second, explicit confirmation.
			return fail(result.confirm ? 409 : 400, { message: result.message, confirm: result.confirm ?? null });
		} catch (e) {
			if (e instanceof Forbidden) error(403, e.message);
			throw e;
		}
	}
};

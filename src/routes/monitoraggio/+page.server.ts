import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { changePeriod, Forbidden } from '$lib/server/monitoring.service';
import { findPlan } from '$lib/server/plan.repository';
import { listPeriods } from '$lib/server/entry.repository';
import { defaultMonitoringDates } from '$lib/monitoring-dates';
import { measurementDatesInYear } from '$lib/server/evaluation.service';

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireRole(locals.user, 'dirigente', 'direzione', 'nucleo', 'admin');
	const plan = await findPlan(locals.db);
	if (!plan) error(404, 'Nessun piano caricato');
	const [periods, dataDates, counts] = await Promise.all([
		listPeriods(locals.db, plan.id),
		measurementDatesInYear(locals.db, plan.year),
		locals.db.kysely
			.selectFrom('measurement as m')
			.innerJoin('indicator as i', 'i.id', 'm.indicator_id')
			.innerJoin('objective as o', 'o.id', 'i.objective_id')
			.where('o.plan_id', '=', plan.id)
			.select(['m.date', 'm.state', (eb) => eb.fn.countAll<number>().as('n')])
			.groupBy(['m.date', 'm.state'])
			.execute()
	]);
	const dates = [...new Set([...defaultMonitoringDates(plan.year), ...periods.map((p) => p.date), ...dataDates])].sort();
	return {
		plan,
		role: user.role,
		rows: dates.map((date) => ({
			date,
			state: periods.find((p) => p.date === date)?.state ?? null,
			counts: Object.fromEntries(counts.filter((c) => c.date === date).map((c) => [c.state, Number(c.n)])) as Record<string, number>
		}))
	};
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const user = requireRole(locals.user, 'direzione', 'nucleo', 'admin');
		const plan = await findPlan(locals.db);
		if (!plan) error(404, 'Nessun piano caricato');
		const form = await request.formData();
		const action = String(form.get('azione'));
		if (!['apri', 'chiudi', 'valida', 'riapri'].includes(action)) return fail(400, { message: 'Azione sconosciuta.' });
		const date = String(form.get('data') ?? '');
		if (!date.startsWith(`${plan.year}-`)) return fail(400, { message: `La data deve cadere nell’anno del piano (${plan.year}).` });
		try {
			const result = changePeriod(locals.db, user, plan.id, date, action as 'apri', String(form.get('motivazione') ?? '') || null);
			return result.ok ? { success: result.message } : fail(400, { message: result.message });
		} catch (e) {
			if (e instanceof Forbidden) error(403, e.message);
			throw e;
		}
	}
};

import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { actorOf } from '$lib/server/monitoring.service';
import { rollForward } from '$lib/server/roll-forward.service';
import { listPlanYears } from '$lib/server/plan.repository';

const ADMIN_ONLY = 'Creare il piano di un anno nuovo spetta all’amministratore.';

function requireAdmin(user: App.Locals['user']) {
	if (user && user.role !== 'admin') error(403, ADMIN_ONLY);
	return requireRole(user, 'admin');
}

export const load: PageServerLoad = async ({ locals }) => {
	requireAdmin(locals.user);
	const years = await listPlanYears(locals.db);
	return { years };
};

export const actions: Actions = {
	/** The same operation as `npm run nuovo-anno`, checked here again against the role. */
	crea: async ({ locals, request }) => {
		const user = requireAdmin(locals.user);
		const form = await request.formData();
		const from = String(form.get('da') ?? '');
		const to = String(form.get('a') ?? '');
		const values = { da: from, a: to };
		if (!/^\d{4}$/.test(from) || !/^\d{4}$/.test(to)) return fail(400, { ...values, message: 'Indicare i due anni con quattro cifre (es. da 2022 a 2023).' });
		const result = rollForward(locals.db, actorOf(user), { from: Number(from), to: Number(to), onlyMissing: form.get('solo_mancanti') === 'si' });
		if (!result.ok) return fail(409, { ...values, message: result.message });
		return { ...values, created: result.created };
	}
};

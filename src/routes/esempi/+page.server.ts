import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { countExampleValues, EXAMPLE_SOURCE, removeExampleValues } from '$lib/server/examples';
import { appendAudit } from '$lib/server/audit';
import { actorOf } from '$lib/server/monitoring.service';

const ADMIN_ONLY = 'Togliere i valori di esempio spetta all’amministratore.';

function requireAdmin(user: App.Locals['user']) {
	if (user && user.role !== 'admin') error(403, ADMIN_ONLY);
	return requireRole(user, 'admin');
}

export const load: PageServerLoad = async ({ locals }) => {
	requireAdmin(locals.user);
	return { count: countExampleValues(locals.db) };
};

export const actions: Actions = {
	/** Every example value goes, in one transaction with its audit record; the plan and real values stay. */
	rimuovi: async ({ locals }) => {
		const user = requireAdmin(locals.user);
		try {
			const removed = locals.db.sqlite.transaction(() => {
				const n = removeExampleValues(locals.db);
				if (n > 0) appendAudit(locals.db, actorOf(user), { action: 'valori di esempio tolti', entity: 'misurazione', ref: `fonte ${EXAMPLE_SOURCE}`, after: { valori: n } });
				return n;
			})();
			return { removed };
		} catch (e) {
			// A validated date locks its values, examples included: say so instead of a server error.
			if (e instanceof Error && /validata/.test(e.message)) return fail(409, { message: 'Alcuni valori di esempio sono in una data validata dal Nucleo: riaprire prima la data, con una motivazione.' });
			throw e;
		}
	}
};

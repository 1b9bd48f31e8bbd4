import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { actorOf } from '$lib/server/monitoring.service';
import { listUsers, setEmail, UserError } from '$lib/server/auth/users.repository';

const ADMIN_ONLY = 'La gestione degli account spetta all’amministratore.';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user && locals.user.role !== 'admin') error(403, ADMIN_ONLY);
	requireRole(locals.user, 'admin');
	return { users: listUsers(locals.db) };
};

export const actions: Actions = {
	email: async ({ locals, request }) => {
		if (locals.user && locals.user.role !== 'admin') error(403, ADMIN_ONLY);
		const user = requireRole(locals.user, 'admin');
		const form = await request.formData();
		const username = String(form.get('utente') ?? '');
		const raw = String(form.get('email') ?? '');
		try {
			const email = setEmail(locals.db, username, raw, actorOf(user));
			return { utente: username, success: email ? `E-mail di ${username} salvata.` : `E-mail di ${username} tolta.` };
		} catch (e) {
			if (e instanceof UserError) return fail(400, { utente: username, email: raw, message: e.message });
			throw e;
		}
	}
};

import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { UNUSABLE_HASH, verifyPassword } from '$lib/server/auth/password';
import { createSession, SESSION_COOKIE } from '$lib/server/auth/session';
import { safeReturn } from '$lib/server/auth/safe-return';
import { releaseAttempt, reserveAttempt, throttleKeys } from '$lib/server/auth/throttle';
import { findCredentials } from '$lib/server/auth/users.repository';
import { homeFor } from '$lib/role-home';
import type { Role } from '$lib/vocabulary';

/** Back where the user was going; from the home page (or nowhere) each role lands on its own work. */
function landing(back: string | null, role: Role): string {
	return back && back !== '/' ? back : homeFor(role);
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, landing(safeReturn(url.searchParams.get('ritorno')), locals.user.role));
	return { ritorno: safeReturn(url.searchParams.get('ritorno')) };
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url, getClientAddress }) => {
		const form = await request.formData();
		const username = String(form.get('utente') ?? '').trim().toLowerCase();
		const password = String(form.get('password') ?? '');
		const back = safeReturn(String(form.get('ritorno') ?? ''));
		if (!username || !password) return fail(400, { utente: username, message: 'Inserire nome utente e password.' });

		const keys = throttleKeys(username, getClientAddress());
		// Reserved before the hash is awaited: concurrent guesses cannot all slip past the lock.
		const attempt = reserveAttempt(locals.db, keys);
		if (!attempt.ok) {
			const minutes = Math.max(1, Math.ceil((attempt.lockedUntil.getTime() - Date.now()) / 60_000));
			return fail(429, { utente: username, message: `Troppi tentativi non riusciti: riprovare tra ${minutes} minuti.` });
		}
		const user = findCredentials(locals.db, username);
		// The hash is checked even for an unknown account, so the answer takes the same time.
		const ok = await verifyPassword(password, user?.password_hash ?? UNUSABLE_HASH);
		if (!user || !ok || user.disabled) {
			// The failure is already counted by the reservation.
			return fail(400, { utente: username, message: 'Nome utente o password non corretti, oppure account disattivato.' });
		}
		releaseAttempt(locals.db, keys, username);
		const { token, expires } = createSession(locals.db, user.id);
		cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', expires });
		redirect(303, landing(back, user.role));
	}
};

/** Links and plain forms only: no JavaScript is shipped, nothing is hydrated. */
export const csr = false;

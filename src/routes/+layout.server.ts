import type { LayoutServerLoad } from './$types';
import { pageHeader } from '$lib/server/plan.repository';
import { PUBLIC_STATES } from '$lib/server/transparency';
import { getPlanRules } from '$lib/server/rules.repository';
import { ROLE_LABELS } from '$lib/server/auth/users.repository';

/**
 * The header and footer name the body and title of the plan the page is about: the year in the path
 * (/obiettivi/2021/…, /trasparenza/2021) or in `?anno=`, else the newest plan, as every page chooses.
 * A database may hold plans of different bodies: the newest one's name on an older plan's page would
 * attribute it to the wrong body. The names are data, never written in a page.
 */
export const load: LayoutServerLoad = async ({ locals, url, params }) => {
	// The public pages publish validated values only: they warn about examples only if one is published.
	const published = url.pathname.startsWith('/trasparenza') ? PUBLIC_STATES : undefined;
	const asked = [(params as { anno?: string }).anno, url.searchParams.get('anno')].find((y) => y && /^\d{4}$/.test(y));
	const { plan, examples } = pageHeader(locals.db, asked ? Number(asked) : null, published);
	const user = locals.user && { username: locals.user.username, displayName: locals.user.displayName, role: locals.user.role, roleLabel: ROLE_LABELS[locals.user.role] };
	// Every page says which rules its scores come from: those of the plan year it shows.
	const rules = plan ? { year: plan.year, description: (await getPlanRules(locals.db, plan.id)).description } : null;
	return { body: plan?.body || null, planTitle: plan?.title || null, planYear: plan?.year ?? null, examples, user, rules };
};

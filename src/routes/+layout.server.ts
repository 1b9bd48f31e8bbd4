import type { LayoutServerLoad } from './$types';
import { findPlan } from '$lib/server/plan.repository';
import { hasExampleValues } from '$lib/server/evaluation.service';
import { PUBLIC_STATES } from '$lib/server/transparency';

/** The header names the body whose plan is shown: that name is data, never written in a page. */
export const load: LayoutServerLoad = async ({ locals, url }) => {
	// The public pages publish validated values only: they warn about examples only if one is published.
	const published = url.pathname.startsWith('/trasparenza') ? PUBLIC_STATES : undefined;
	const [plan, examples] = await Promise.all([findPlan(locals.db), hasExampleValues(locals.db, published)]);
	const user = locals.user && { username: locals.user.username, displayName: locals.user.displayName, role: locals.user.role };
	return { body: plan?.body || null, examples, user };
};

import type { LayoutServerLoad } from './$types';
import { findPlan } from '$lib/server/plan.repository';

/** The header names the body whose plan is shown: that name is data, never written in a page. */
export const load: LayoutServerLoad = async ({ locals }) => {
	const plan = await findPlan(locals.db);
	return { body: plan?.body || null };
};

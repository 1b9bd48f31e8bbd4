import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findPlan } from '$lib/server/plan.repository';

/** The stable address is per year; this one points to the latest plan. */
export const load: PageServerLoad = async ({ locals }) => {
	const plan = await findPlan(locals.db);
	if (!plan) error(404, 'Nessun piano pubblicato');
	redirect(307, `/trasparenza/${plan.year}`);
};

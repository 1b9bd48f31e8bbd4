import type { PageServerLoad } from './$types';
import { parseFilters } from '$lib/filters';
import { findPlan, listPlanYears } from '$lib/server/plan.repository';
import { searchPlan } from '$lib/server/search.repository';
import { error } from '@sveltejs/kit';
import { serverRenderedOnly } from '$lib/server-rendered-data';

export const load: PageServerLoad = async ({ locals, url }) => {
	const filters = parseFilters(url.searchParams);
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
	const plan = await findPlan(locals.db, filters.anno ?? undefined);
	if (!plan) error(404, 'Nessun piano caricato');
	const [years, results] = await Promise.all([listPlanYears(locals.db), q ? searchPlan(locals.db, plan.id, q) : Promise.resolve(null)]);
	return serverRenderedOnly({ plan, years, q, results });
};

/** Links and plain forms only: no JavaScript is shipped, nothing is hydrated. */
export const csr = false;

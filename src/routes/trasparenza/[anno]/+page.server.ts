import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { loadTransparency } from '$lib/server/transparency';
import { objectiveRowsWithPhases } from '$lib/server/scoped-page';
import { serverRenderedOnly } from '$lib/server-rendered-data';

export const load: PageServerLoad = async ({ locals, params }) => {
	if (!/^\d{4}$/.test(params.anno)) error(404, 'Anno non valido');
	const t = await loadTransparency(locals.db, Number(params.anno));
	if (!t) error(404, `Nessun piano pubblicato per il ${params.anno}`);
	const rows = await objectiveRowsWithPhases(locals.db, t.objectives);
	return serverRenderedOnly({ ...t, objectives: undefined, rows });
};

/** Links and plain forms only: no JavaScript is shipped, nothing is hydrated. */
export const csr = false;

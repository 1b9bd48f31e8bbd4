import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { loadTransparency } from '$lib/server/transparency';
import { objectivePageWithPhases } from '$lib/server/scoped-page';
import { serverRenderedOnly } from '$lib/server-rendered-data';
import { requestedPage } from '$lib/page-of';

/** Objectives per page: the shipped plan's 77 fit one; a plan a hundred times larger is read in pages. */
const OBJECTIVES_PER_PAGE = 100;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!/^\d{4}$/.test(params.anno)) error(404, 'Anno non valido');
	const t = await loadTransparency(locals.db, Number(params.anno));
	if (!t) error(404, `Nessun piano pubblicato per il ${params.anno}`);
	// Only the page shown is read further (its phases) and drawn; the figures above are the whole plan's.
	const { rows, paging } = await objectivePageWithPhases(locals.db, t.objectives, requestedPage(url), OBJECTIVES_PER_PAGE);
	return serverRenderedOnly({ ...t, objectives: undefined, rows, paging });
};

/** Links and plain forms only: no JavaScript is shipped, nothing is hydrated. */
export const csr = false;

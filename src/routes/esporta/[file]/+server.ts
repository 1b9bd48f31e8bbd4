import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { parseFilters } from '$lib/filters';
import { exportFiles } from '$lib/server/export/export.service';
import { findPlan } from '$lib/server/plan.repository';

/** The interchange files for the filtered selection: the same format `npm run import` reads. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireRole(locals.user, 'dirigente', 'direzione', 'nucleo', 'admin');
	const filters = parseFilters(url.searchParams);
	const plan = await findPlan(locals.db, filters.anno ?? undefined);
	if (!plan) error(404, 'Nessun piano caricato');
	const files = await exportFiles(locals.db, {
		year: plan.year,
		directorId: filters.dirigente ?? undefined,
		centreCode: filters.cdr ?? undefined,
		publicValueId: filters.vp ?? undefined,
		only: params.file
	});
	const [file] = files;
	if (!file) error(404, `File sconosciuto: ${params.file}`);
	return new Response(file.text, {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${plan.year}-${file.fileName}"` }
	});
};

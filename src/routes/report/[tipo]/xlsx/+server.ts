import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { parseFilters } from '$lib/filters';
import { isReportKind, loadReport, reportFileName } from '$lib/server/reports/load';
import { reportToXlsx } from '$lib/server/reports/xlsx';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireRole(locals.user, 'dirigente', 'direzione', 'nucleo', 'admin');
	if (!isReportKind(params.tipo)) error(404, 'Report inesistente');
	const { report } = await loadReport(locals.db, params.tipo, parseFilters(url.searchParams), url.searchParams.get('obiettivo'));
	return new Response(new Uint8Array(await reportToXlsx(report)), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${reportFileName(report, 'xlsx')}"`
		}
	});
};

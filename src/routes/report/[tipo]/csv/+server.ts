import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { parseFilters } from '$lib/filters';
import { isReportKind, loadReport, reportFileName } from '$lib/server/reports/load';
import { tableToCsv, withRulesColumns } from '$lib/reports/csv';

/** One table of a report as CSV: `?tabella=0` (default), `&formato=standard` for `,` and dot decimals. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireRole(locals.user, 'dirigente', 'direzione', 'nucleo', 'admin');
	if (!isReportKind(params.tipo)) error(404, 'Report inesistente');
	const { report } = await loadReport(locals.db, params.tipo, parseFilters(url.searchParams), url.searchParams.get('obiettivo'));
	const index = Number(url.searchParams.get('tabella') ?? 0);
	const table = report.tables[index];
	if (!table) error(404, 'Tabella inesistente');
	const dialect = url.searchParams.get('formato') === 'standard' ? 'standard' : 'excel-it';
	// The scores say which rules produced them (columns Regole, Regole complete), as the pages and the XLSX do.
	const rules = report.rules ? { description: report.rules.description, url: `${url.origin}/trasparenza/${report.rules.year}/regole` } : null;
	return new Response(tableToCsv(withRulesColumns(table, rules), dialect), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${reportFileName(report, 'csv', report.tables.length > 1 ? table.name : undefined)}"`
		}
	});
};

import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { parseFilters } from '$lib/filters';
import { loadReport, reportFileName } from '$lib/server/reports/load';
import { relazioneToDocx } from '$lib/server/reports/relazione-docx';
import { buildRelazioneDocument } from '$lib/reports/relazione-document';

/** The Relazione sulla performance as a first draft to edit (DOCX): only the relazione report has one. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireRole(locals.user, 'dirigente', 'direzione', 'nucleo', 'admin');
	if (params.tipo !== 'relazione') error(404, 'Documento disponibile solo per la Relazione sulla performance');
	const { report, data, ctx } = await loadReport(locals.db, 'relazione', parseFilters(url.searchParams));
	const doc = buildRelazioneDocument(data, { body: ctx.plan.body, title: ctx.plan.title, year: ctx.plan.year, selection: report.selection }, report.generatedAt);
	return new Response(new Uint8Array(await relazioneToDocx(doc)), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'content-disposition': `attachment; filename="${reportFileName({ ...report, kind: `relazione-performance-${ctx.plan.year}` }, 'docx')}"`
		}
	});
};

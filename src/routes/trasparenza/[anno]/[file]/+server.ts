import { error } from '@sveltejs/kit';
import Papa from 'papaparse';
import type { RequestHandler } from './$types';
import { openDataFiles } from '$lib/server/transparency';
import { removeFormulaGuard } from '$lib/interchange/formula-guard';
import { createHash } from 'node:crypto';
import { etagMatches } from '$lib/server/http/compression';
import { findPlan } from '$lib/server/plan.repository';
import { getPlanRules } from '$lib/server/rules.repository';
import { formatRulesDocument } from '$lib/achievement/rules-document';

/**
 * Open data may be kept by browsers and shared caches, but must be checked again on every use
 * (`no-cache`): a value the Nucleo de-validates must disappear at once, not after minutes. The ETag
 * is the content's hash, so an unchanged file costs a 304 and no download.
 */
function openDataResponse(request: Request, body: string, headers: Record<string, string>): Response {
	const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
	const all = { ...headers, etag, 'cache-control': 'public, no-cache' };
	// The client may send back the ETag of a compressed copy (hooks.server.ts compresses): same data.
	if (etagMatches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers: all });
	return new Response(body, { headers: all });
}

/**
 * Open data at stable addresses: /trasparenza/2022/obiettivi.csv … and /trasparenza/2022/dati.json,
 * which holds the same files as arrays of records whose field names are the CSV columns. The rules that
 * score the year are published with its data: /trasparenza/2022/regole.txt (the rules file, the format
 * of docs/regole.md, re-importable) and the `regole` field of dati.json. The CSV files hold the plan and
 * its values, no scores: they need no column about the rules.
 */
export const GET: RequestHandler = async ({ locals, params, request }) => {
	if (!/^\d{4}$/.test(params.anno)) error(404, 'Anno non valido');
	const headers = { 'access-control-allow-origin': '*', 'x-licenza': 'CC-BY-4.0' };
	const rules = async () => {
		const plan = await findPlan(locals.db, Number(params.anno));
		if (!plan) error(404, `Nessun piano per il ${params.anno}`);
		const stored = await getPlanRules(locals.db, plan.id);
		return { descrizione: stored.description, indirizzo: `/trasparenza/${plan.year}/regole`, testo: formatRulesDocument(stored, plan.year) };
	};
	if (params.file === 'regole.txt') {
		return openDataResponse(request, (await rules()).testo, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
	}
	if (params.file === 'dati.json') {
		const data: Record<string, unknown> = { licenza: 'CC-BY-4.0', anno: Number(params.anno), regole: await rules() };
		for (const f of await openDataFiles(locals.db, Number(params.anno))) {
			// The CSV guards formula-like text for spreadsheets; JSON carries the text itself.
			data[f.fileName.replace('.csv', '')] = Papa.parse<Record<string, string>>(f.text, {
				header: true,
				skipEmptyLines: true,
				transform: (v) => removeFormulaGuard(v)
			}).data;
		}
		return openDataResponse(request, JSON.stringify(data, null, 1), { ...headers, 'content-type': 'application/json; charset=utf-8' });
	}
	// Only the file asked for is read; a name that is no file costs one query, not the whole export.
	const [file] = await openDataFiles(locals.db, Number(params.anno), params.file);
	if (!file) error(404, `File sconosciuto: ${params.file}`);
	return openDataResponse(request, file.text, { ...headers, 'content-type': 'text/csv; charset=utf-8' });
};

import { error } from '@sveltejs/kit';
import Papa from 'papaparse';
import type { RequestHandler } from './$types';
import { openDataFiles } from '$lib/server/transparency';
import { removeFormulaGuard } from '$lib/interchange/formula-guard';

/**
 * Open data at stable addresses: /trasparenza/2022/obiettivi.csv … and /trasparenza/2022/dati.json,
 * which holds the same files as arrays of records whose field names are the CSV columns.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	if (!/^\d{4}$/.test(params.anno)) error(404, 'Anno non valido');
	const files = await openDataFiles(locals.db, Number(params.anno));
	const headers = { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=300', 'x-licenza': 'CC-BY-4.0' };
	if (params.file === 'dati.json') {
		const data: Record<string, unknown> = { licenza: 'CC-BY-4.0', anno: Number(params.anno) };
		for (const f of files) {
			// The CSV guards formula-like text for spreadsheets; JSON carries the text itself.
			data[f.fileName.replace('.csv', '')] = Papa.parse<Record<string, string>>(f.text, {
				header: true,
				skipEmptyLines: true,
				transform: (v) => removeFormulaGuard(v)
			}).data;
		}
		return new Response(JSON.stringify(data, null, 1), { headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } });
	}
	const file = files.find((f) => f.fileName === params.file);
	if (!file) error(404, `File sconosciuto: ${params.file}`);
	return new Response(file.text, { headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });
};

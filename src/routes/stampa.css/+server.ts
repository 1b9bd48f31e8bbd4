import type { RequestHandler } from './$types';
import { printPageCss } from '$lib/reports/print-css';

/** `/stampa.css?sinistra=…&destra=…`: the running head of a printed report (see print-css.ts). */
export const GET: RequestHandler = ({ url }) =>
	new Response(printPageCss(url.searchParams.get('sinistra') ?? '', url.searchParams.get('destra') ?? ''), {
		headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'private, max-age=3600' }
	});

import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireRole } from '$lib/server/auth/guard';

/**
 * Evidence files, for signed-in users. Always downloaded, never shown inline: an uploaded file can
 * never run in the dashboard's origin.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireRole(locals.user, 'dirigente', 'direzione', 'nucleo', 'admin');
	if (!/^\d{1,9}$/.test(params.id)) error(404, 'Allegato non trovato');
	const file = locals.db.sqlite
		.prepare(
			`SELECT f.name, f.mime, f.data, o.director_id FROM evidence_file f
			 JOIN measurement m ON m.evidence_file_id = f.id JOIN indicator i ON i.id = m.indicator_id JOIN objective o ON o.id = i.objective_id
			 WHERE f.id = ? LIMIT 1`
		)
		.get(Number(params.id)) as { name: string; mime: string; data: Buffer; director_id: number } | undefined;
	if (!file) error(404, 'Allegato non trovato');
	if (user.role === 'dirigente' && user.directorId !== file.director_id) error(403, 'Allegato di un altro dirigente.');
	return new Response(new Uint8Array(file.data), {
		headers: {
			'content-type': file.mime,
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
			'cache-control': 'private, no-store'
		}
	});
};

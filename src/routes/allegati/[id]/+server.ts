import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { findEvidenceForDownload } from '$lib/server/evidence.repository';

/**
 * Evidence files, for signed-in users. Always downloaded, never shown inline: an uploaded file can
 * never run in the dashboard's origin.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const user = requireRole(locals.user, 'dirigente', 'direzione', 'nucleo', 'admin');
	if (!/^\d{1,9}$/.test(params.id)) error(404, 'Allegato non trovato');
	const file = findEvidenceForDownload(locals.db, Number(params.id));
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

import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { Forbidden, reviewValue } from '$lib/server/monitoring.service';
import { findPlan } from '$lib/server/plan.repository';

export const load: PageServerLoad = async ({ locals }) => {
	requireRole(locals.user, 'direzione', 'admin');
	const plan = await findPlan(locals.db);
	if (!plan) error(404, 'Nessun piano caricato');
	const rows = await locals.db.kysely
		.selectFrom('measurement as m')
		.innerJoin('indicator as i', 'i.id', 'm.indicator_id')
		.innerJoin('objective as o', 'o.id', 'i.objective_id')
		.innerJoin('director as d', 'd.id', 'o.director_id')
		.where('o.plan_id', '=', plan.id)
		.where('m.state', 'in', ['inviato', 'restituito'])
		.select([
			'm.id', 'm.version', 'm.state', 'm.date', 'm.value', 'm.value_date', 'm.justification', 'm.review_comment', 'm.evidence_url', 'm.evidence_file_id',
			'm.entered_by', 'm.entered_at', 'i.code', 'i.description', 'i.type', 'i.unit', 'i.target', 'i.target_date', 'o.code as objective_code', 'o.title as objective_title',
			'd.name as director'
		])
		.orderBy('d.name')
		.orderBy('o.position')
		.orderBy('i.position')
		.execute();
	return { plan, rows };
};

async function decide(locals: App.Locals, request: Request, decision: 'accetta' | 'restituisci') {
	const user = requireRole(locals.user, 'direzione', 'admin');
	const form = await request.formData();
	const id = Number(form.get('id'));
	const version = Number(form.get('versione'));
	try {
		const result = reviewValue(locals.db, user, id, version, decision, String(form.get('commento') ?? '') || null);
		if (!result.ok) return fail(400, { id, message: result.message });
		return { id, success: decision === 'accetta' ? 'Valore accettato.' : 'Valore restituito al dirigente con il commento.' };
	} catch (e) {
		if (e instanceof Forbidden) error(403, e.message);
		throw e;
	}
}

export const actions: Actions = {
	accetta: ({ locals, request }) => decide(locals, request, 'accetta'),
	restituisci: ({ locals, request }) => decide(locals, request, 'restituisci')
};

import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findObjective, findPlan, listIndicators, listPhases } from '$lib/server/plan.repository';

export const load: PageServerLoad = async ({ locals, params }) => {
	if (!/^\d{4}$/.test(params.anno)) error(404, `Anno non valido: «${params.anno}»`);
	const plan = await findPlan(locals.db, Number(params.anno));
	if (!plan) error(404, `Nessun piano per l’anno ${params.anno}`);
	const objective = await findObjective(locals.db, plan.id, params.codice);
	if (!objective) error(404, `Obiettivo ${params.codice} non trovato nel piano ${plan.year}`);
	const [phases, indicators] = await Promise.all([listPhases(locals.db, objective.id), listIndicators(locals.db, objective.id)]);
	const withAmount = phases.filter((p) => p.amount_cents !== null);
	return {
		plan,
		objective,
		phases,
		indicators,
		amountTotalCents: withAmount.length > 0 ? withAmount.reduce((s, p) => s + p.amount_cents!, 0) : null
	};
};

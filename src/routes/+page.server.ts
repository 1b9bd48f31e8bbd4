import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findPlan, listObjectivesOfPlan, listPlanYears } from '$lib/server/plan.repository';
import { groupInOrder } from '$lib/grouping';

export const load: PageServerLoad = async ({ locals, url }) => {
	const requested = url.searchParams.get('anno');
	if (requested !== null && !/^\d{4}$/.test(requested)) error(400, `Anno non valido: «${requested}»`);
	const plan = await findPlan(locals.db, requested === null ? undefined : Number(requested));
	if (!plan) {
		if (requested !== null) error(404, `Nessun piano per l’anno ${requested}`);
		return { plan: null, years: [], groups: [], totals: null };
	}
	const [years, objectives] = await Promise.all([listPlanYears(locals.db), listObjectivesOfPlan(locals.db, plan.id)]);
	const groups = groupInOrder(objectives, (o) => o.public_value).map((g) => ({ publicValue: g.key, objectives: g.items }));
	return {
		plan,
		years,
		groups,
		totals: {
			objectives: objectives.length,
			publicValues: groups.length,
			centres: new Set(objectives.map((o) => o.centre_code)).size,
			directors: new Set(objectives.map((o) => o.director)).size,
			phases: objectives.reduce((s, o) => s + o.phase_count, 0),
			indicators: objectives.reduce((s, o) => s + o.indicator_count, 0)
		}
	};
};

import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { findPlan } from '$lib/server/plan.repository';
import { getPlanRules } from '$lib/server/rules.repository';
import { describeRules } from '$lib/achievement/rules-summary';
import { formatRulesDocument } from '$lib/achievement/rules-document';

/** The rules of a year, published with its results: in sentences, and as the full rules file. */
export const load: PageServerLoad = async ({ locals, params }) => {
	if (!/^\d{4}$/.test(params.anno)) error(404, 'Anno non valido');
	const plan = await findPlan(locals.db, Number(params.anno));
	if (!plan) error(404, `Nessun piano per il ${params.anno}`);
	const stored = await getPlanRules(locals.db, plan.id);
	return {
		plan,
		description: stored.description,
		stored: stored.stored,
		updatedAt: stored.updatedAt,
		lines: describeRules(stored.rules),
		document: formatRulesDocument(stored, plan.year)
	};
};

/** Text only: nothing to hydrate. */
export const csr = false;

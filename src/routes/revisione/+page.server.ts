import { error, fail } from '@sveltejs/kit';
import { countLabel, plural } from '$lib/format';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { acceptAll, Forbidden, reviewValue } from '$lib/server/monitoring.service';
import { findPlan } from '$lib/server/plan.repository';
import { indicatorAchievement, withIndicatorRules } from '$lib/achievement/achievement';
import { lastTargetChanges, reviewQueue } from '$lib/server/review.repository';
import { getAchievementRules } from '$lib/server/rules.repository';
import { phaseReviewQueue } from '$lib/server/phase.repository';
import { acceptAllPhaseReports, reviewPhaseReport } from '$lib/server/phase-progress.service';

const DIRECTION_ONLY = 'La revisione dei valori inviati spetta alla Direzione generale.';

function requireDirection(user: App.Locals['user']) {
	if (user && user.role !== 'direzione' && user.role !== 'admin') error(403, DIRECTION_ONLY);
	return requireRole(user, 'direzione', 'admin');
}

export const load: PageServerLoad = async ({ locals }) => {
	requireDirection(locals.user);
	const plan = await findPlan(locals.db);
	if (!plan) error(404, 'Nessun piano caricato');
	const [rows, settings, phaseRows] = await Promise.all([
		reviewQueue(locals.db, plan.id),
		getAchievementRules(locals.db, plan.id),
		phaseReviewQueue(locals.db, plan.id)
	]);
	// Targets changed during the year stand out: one query over the audit log for the indicators shown.
	const lastChange = await lastTargetChanges(locals.db, [...new Set(rows.map((r) => r.indicator_id))]);
	return {
		plan,
		phaseRows,
		rows: rows.map((r) => {
			const spec = withIndicatorRules({ type: r.type, polarity: r.polarity, baseline: r.baseline, target: r.target, targetDate: r.target_date }, r.code, settings);
			const result = indicatorAchievement(spec, { value: r.value, valueDate: r.value_date, grade: r.grade }, settings);
			const belowTarget = result.kind === 'measured' && result.score < 1;
			return { ...r, belowTarget, missingJustification: belowTarget && !r.justification?.trim(), targetChanged: lastChange.get(r.indicator_id) ?? null };
		})
	};
};

async function decide(locals: App.Locals, request: Request, decision: 'accetta' | 'restituisci') {
	const user = requireDirection(locals.user);
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

/** A phase report accepted or returned (its own keys, so the values' messages stay where they are). */
async function decidePhase(locals: App.Locals, request: Request, decision: 'accetta' | 'restituisci') {
	const user = requireDirection(locals.user);
	const form = await request.formData();
	const id = Number(form.get('id'));
	try {
		const result = reviewPhaseReport(locals.db, user, id, Number(form.get('versione')), decision, String(form.get('commento') ?? '') || null);
		if (!result.ok) return fail(400, { phaseId: id, phaseMessage: result.message });
		return { phaseId: id, phaseSuccess: decision === 'accetta' ? 'Avanzamento della fase accettato.' : 'Avanzamento della fase restituito al dirigente con il commento.' };
	} catch (e) {
		if (e instanceof Forbidden) error(403, e.message);
		throw e;
	}
}

/**
 * «Accetta tutti», for values and for phase reports alike: the director and the id:version pairs the page
 * showed, accepted in one transaction by `accept`; the answer under the page's keys for that kind.
 */
async function acceptShown<M extends string, S extends string>(
	locals: App.Locals,
	request: Request,
	accept: (db: App.Locals['db'], user: ReturnType<typeof requireDirection>, directorId: number, shown: Array<{ id: number; version: number }>) => { ok: true; accepted: number } | { ok: false; message: string },
	[one, many]: [string, string],
	messageKey: M,
	successKey: S
) {
	const user = requireDirection(locals.user);
	const form = await request.formData();
	const directorId = Number(form.get('dirigente'));
	const shown = form.getAll('voce').map((v) => {
		const [id, version] = String(v).split(':').map(Number);
		return { id, version };
	});
	const failure = (status: number, message: string) => fail(status, { [messageKey]: message } as Record<M, string>);
	if (!Number.isInteger(directorId) || shown.some((v) => !Number.isInteger(v.id) || !Number.isInteger(v.version))) return failure(400, 'Richiesta non valida.');
	try {
		const result = accept(locals.db, user, directorId, shown);
		if (!result.ok) return failure(409, result.message);
		return { [successKey]: `${plural(result.accepted, 'Accettato', 'Accettati')} ${countLabel(result.accepted, one, many)}.` } as Record<S, string>;
	} catch (e) {
		if (e instanceof Forbidden) error(403, e.message);
		throw e;
	}
}

export const actions: Actions = {
	fase_accetta: ({ locals, request }) => decidePhase(locals, request, 'accetta'),
	fase_restituisci: ({ locals, request }) => decidePhase(locals, request, 'restituisci'),
	/** Every submitted phase report of one director, as shown on the page (id:version pairs). */
	fase_accetta_tutti: ({ locals, request }) => acceptShown(locals, request, acceptAllPhaseReports, ['avanzamento di fase', 'avanzamenti di fase'], 'phaseMessage', 'phaseSuccess'),
	accetta: ({ locals, request }) => decide(locals, request, 'accetta'),
	restituisci: ({ locals, request }) => decide(locals, request, 'restituisci'),
	/** Every submitted value of one director, as shown on the page (id:version pairs). */
	accetta_tutti: ({ locals, request }) => acceptShown(locals, request, acceptAll, ['valore', 'valori'], 'message', 'success')
};

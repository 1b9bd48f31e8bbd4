import { createHash } from 'node:crypto';
import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { actorOf } from '$lib/server/monitoring.service';
import { findPlan } from '$lib/server/plan.repository';
import { getPlanRules, planRulesLocked, readPlanRules } from '$lib/server/rules.repository';
import { checkRulesForPlan, LOCKED_MESSAGE, previewRules, rulesHistory, saveRules } from '$lib/server/rules.service';
import { formatRulesDocument, parseRulesDocument, type DocumentProblem } from '$lib/achievement/rules-document';

const ADMIN_ONLY = 'Le regole di misurazione le cambia l’amministratore.';
const MAX_TEXT = 200_000;

function requireAdmin(user: App.Locals['user']) {
	if (user && user.role !== 'admin') error(403, ADMIN_ONLY);
	return requireRole(user, 'admin');
}

async function planOf(db: App.Locals['db'], anno: string) {
	if (!/^\d{4}$/.test(anno)) error(404, 'Anno non valido');
	const plan = await findPlan(db, Number(anno));
	if (!plan) error(404, `Nessun piano per il ${anno}`);
	return plan;
}

/**
 * The text as previewed, over the rules it was previewed against: saving is allowed only for exactly the
 * text whose preview was shown, and only while nobody else has saved the year's rules in between.
 */
const fingerprint = (text: string, db: App.Locals['db'], planId: number) =>
	createHash('sha256').update(`${readPlanRules(db, planId).updatedAt ?? ''}\n${text}`).digest('hex');

export const load: PageServerLoad = async ({ locals, params }) => {
	requireAdmin(locals.user);
	const plan = await planOf(locals.db, params.anno);
	const [stored, history] = await Promise.all([getPlanRules(locals.db, plan.id), rulesHistory(locals.db, plan.year)]);
	return {
		plan,
		text: formatRulesDocument(stored, plan.year),
		locked: planRulesLocked(locals.db, plan.id),
		history: history.map((h) => ({ id: h.id, at: h.at, actor: h.actor, action: h.action, reason: h.reason, description: h.after ? (JSON.parse(h.after) as { description?: string }).description ?? null : null }))
	};
};

/** Reads and checks the submitted text: the file's own problems with their lines, then the plan's. */
async function readForm(locals: App.Locals, anno: string, request: Request) {
	const plan = await planOf(locals.db, anno);
	const form = await request.formData();
	const text = String(form.get('testo') ?? '').replace(/\r\n?/g, '\n');
	const reason = String(form.get('motivo') ?? '');
	if (text.length > MAX_TEXT) return { plan, text: '', reason, seen: '', problems: [{ line: 0, field: 'testo', message: 'testo troppo lungo (al massimo 200.000 caratteri)' }] as DocumentProblem[] };
	const parsed = parseRulesDocument(text);
	if (!parsed.ok) return { plan, text, reason, seen: String(form.get('anteprima') ?? ''), problems: parsed.problems };
	const problems = checkRulesForPlan(locals.db, plan.id, parsed.document.rules).map((p) => ({ ...parsed.where(p.path), message: p.message }));
	return { plan, text, reason, seen: String(form.get('anteprima') ?? ''), problems, document: parsed.document };
}

export const actions: Actions = {
	anteprima: async ({ locals, params, request }) => {
		requireAdmin(locals.user);
		const r = await readForm(locals, params.anno, request);
		if (r.problems.length > 0 || !r.document) return fail(400, { text: r.text, reason: r.reason, problems: r.problems });
		const preview = await previewRules(locals.db, r.plan, r.document.rules);
		return { text: r.text, reason: r.reason, preview, fingerprint: fingerprint(r.text, locals.db, r.plan.id) };
	},
	salva: async ({ locals, params, request }) => {
		const user = requireAdmin(locals.user);
		const r = await readForm(locals, params.anno, request);
		if (r.problems.length > 0 || !r.document) return fail(400, { text: r.text, reason: r.reason, problems: r.problems });
		if (r.seen !== fingerprint(r.text, locals.db, r.plan.id)) {
			const message = 'il testo è cambiato dopo l’anteprima, o nel frattempo qualcun altro ha salvato le regole: vedere l’anteprima di questo testo prima di salvare';
			return fail(409, { text: r.text, reason: r.reason, problems: [{ line: 0, field: 'anteprima', message }] });
		}
		const saved = saveRules(locals.db, actorOf(user), r.plan, r.document, r.reason);
		if (!saved.ok) {
			const problems = saved.problems.map((p) => ({ line: 0, field: p.path === 'reason' ? 'motivo' : p.path === 'lock' ? 'blocco' : p.path, message: p.path === 'lock' ? LOCKED_MESSAGE : p.message }));
			return fail(isLocked(saved.problems) ? 409 : 400, { text: r.text, reason: r.reason, problems });
		}
		return { saved: true, unchanged: saved.unchanged === true };
	}
};

const isLocked = (problems: Array<{ path: string }>) => problems.some((p) => p.path === 'lock');

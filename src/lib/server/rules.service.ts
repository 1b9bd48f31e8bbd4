/**
 * Changing a plan year's rules: checked against the plan (scales and grades name indicators it has),
 * previewed (which objectives change state under the new rules), refused while the year has validated
 * dates, and written in one transaction with its line in the change log, reason included.
 */
import type { AchievementSettings } from '../achievement/rules';
import type { RulesDocument } from '../achievement/rules-document';
import { validateRules, type RulesProblem } from '../achievement/rules-validation';
import type { Status } from '../achievement/achievement';
import { appendAudit, type Actor } from './audit';
import type { Db } from './db/database';
import { evaluateScope, measurementDatesInYear } from './evaluation.service';
import { planRulesLocked, readPlanRules, writePlanRules } from './rules.repository';

export const LOCKED_MESSAGE = 'l’anno ha date di monitoraggio validate dal Nucleo: le sue regole sono bloccate (l’amministratore riapre prima la data)';

/** The rules' own problems, and per-indicator rules naming an indicator the plan does not have. */
export function checkRulesForPlan(db: Db, planId: number, rules: AchievementSettings): RulesProblem[] {
	const problems = validateRules(rules);
	const codes = new Set(
		db.sqlite.prepare('SELECT i.code FROM indicator i JOIN objective o ON o.id = i.objective_id WHERE o.plan_id = ?').pluck().all(planId) as string[]
	);
	for (const code of Object.keys(rules.scales ?? {})) if (!codes.has(code)) problems.push({ path: `scales.${code}`, message: `l’indicatore ${code} non è nel piano` });
	for (const code of Object.keys(rules.grades ?? {})) if (!codes.has(code)) problems.push({ path: `grades.${code}`, message: `l’indicatore ${code} non è nel piano` });
	return problems;
}

export interface RulesPreview {
	date: string;
	objectives: number;
	changes: Array<{ code: string; title: string; before: { score: number | null; status: Status; label?: string }; after: { score: number | null; status: Status; label?: string } }>;
	/** Objectives whose indicator weights break the "sum to 100" rule, under the new rules. */
	weightWarnings: Array<{ code: string; warning: string }>;
}

/**
 * What the new rules would change, at the plan's latest date with values (31 December without any):
 * every objective whose state differs, with its score before and after.
 */
export async function previewRules(db: Db, plan: { id: number; year: number }, proposed: AchievementSettings): Promise<RulesPreview> {
	const dates = await measurementDatesInYear(db, plan.year);
	const date = dates[dates.length - 1] ?? `${plan.year}-12-31`;
	const current = readPlanRules(db, plan.id).rules;
	const [before, after] = await Promise.all([evaluateScope(db, { planId: plan.id }, date, current), evaluateScope(db, { planId: plan.id }, date, proposed)]);
	const beforeById = new Map(before.map((o) => [o.id, o.achievement]));
	const changes: RulesPreview['changes'] = [];
	for (const o of after) {
		const was = beforeById.get(o.id);
		if (was && (was.status !== o.achievement.status || was.label !== o.achievement.label)) {
			changes.push({ code: o.code, title: o.title, before: { score: was.score, status: was.status, label: was.label }, after: { score: o.achievement.score, status: o.achievement.status, label: o.achievement.label } });
		}
	}
	const weightWarnings = after.filter((o) => o.achievement.warning).map((o) => ({ code: o.code, warning: o.achievement.warning! }));
	return { date, objectives: after.length, changes, weightWarnings };
}

export type SaveRulesResult = { ok: true; unchanged?: true } | { ok: false; problems: RulesProblem[] };

/** Stores a plan's rules with a reason; every problem is returned at once and nothing is written. */
export function saveRules(db: Db, actor: Actor, plan: { id: number; year: number }, doc: RulesDocument, reason: string, action = 'regole modificate', now = new Date()): SaveRulesResult {
	const problems = checkRulesForPlan(db, plan.id, doc.rules);
	const why = reason.trim();
	if (!why) problems.push({ path: 'reason', message: 'indicare il motivo della modifica: resta nel registro delle modifiche' });
	else if (why.length > 1000) problems.push({ path: 'reason', message: 'motivo troppo lungo (al massimo 1.000 caratteri)' });
	if (!doc.description.trim()) problems.push({ path: 'description', message: 'una breve descrizione delle regole (es. «SMVP 2022, decreto n. 5/2022») è obbligatoria' });
	if (problems.length > 0) return { ok: false, problems };
	let unchanged = false;
	try {
		db.sqlite.transaction(() => {
			if (planRulesLocked(db, plan.id)) throw new RulesLocked();
			const before = readPlanRules(db, plan.id);
			// The same rules saved again (a double click, a file imported twice): nothing to write or log.
			if (before.stored && before.description === doc.description.trim() && JSON.stringify(before.rules) === JSON.stringify(doc.rules)) {
				unchanged = true;
				return;
			}
			writePlanRules(db, plan.id, { description: doc.description.trim(), rules: doc.rules }, actor.name, now);
			appendAudit(db, actor, {
				action,
				entity: 'regole',
				ref: `regole del piano ${plan.year}`,
				before: { description: before.description, rules: before.rules },
				after: { description: doc.description.trim(), rules: doc.rules },
				reason: why
			}, now);
		}).immediate();
	} catch (e) {
		if (e instanceof RulesLocked || (e instanceof Error && /bloccate/.test(e.message))) return { ok: false, problems: [{ path: 'lock', message: LOCKED_MESSAGE }] };
		throw e;
	}
	return unchanged ? { ok: true, unchanged: true } : { ok: true };
}

class RulesLocked extends Error {}

/** The change log of a plan's rules, newest first. */
export async function rulesHistory(db: Db, year: number) {
	return db.kysely
		.selectFrom('audit_log')
		.where('entity', '=', 'regole')
		.where('ref', '=', `regole del piano ${year}`)
		.select(['id', 'at', 'actor', 'action', 'reason', 'before', 'after'])
		.orderBy('id', 'desc')
		.execute();
}

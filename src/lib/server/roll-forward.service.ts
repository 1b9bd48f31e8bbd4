/**
 * Roll forward: next year's plan from this year's. Objectives (with their shares), phases and
 * indicators are copied by code, the lineage that links a code across years, with weights, targets,
 * baselines and DUP links as a starting point; no values, no monitoring dates. Dates of phases and
 * deadline targets move by the years between the two plans.
 *
 * One transaction of set-based INSERT … SELECT statements (a handful of statements whatever the size
 * of the plan), with its line in the change log. A target year that already has a plan is refused,
 * unless only what is missing is asked for: then nothing already there is touched.
 */
import type { Db } from './db/database';
import { appendAudit, type Actor } from './audit';
import { readPlanRules, writePlanRules } from './rules.repository';

export interface RollForwardOptions {
	from: number;
	to: number;
	/** Add to an existing target plan only the codes it does not have. */
	onlyMissing?: boolean;
}

export type RollForwardResult =
	| { ok: true; created: RollForwardCounts }
	| { ok: false; message: string };

export interface RollForwardCounts {
	plan: number;
	publicValues: number;
	centres: number;
	objectives: number;
	assignments: number;
	phases: number;
	indicators: number;
}

/** "PIAO 2022-2024" → "PIAO 2023-2025": the years of the title from the source year on move too. */
export function shiftTitleYears(title: string, from: number, to: number): string {
	return title.replace(/\b(19|20)\d{2}\b/g, (y) => (Number(y) >= from ? String(Number(y) + to - from) : y));
}

export function rollForward(db: Db, actor: Actor, options: RollForwardOptions): RollForwardResult {
	const { from, to } = options;
	if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1900 || to > 2999) return { ok: false, message: 'Anni non validi (esempio: da 2022 a 2023).' };
	if (to <= from) return { ok: false, message: `L’anno nuovo (${to}) deve venire dopo quello da cui si parte (${from}).` };
	const s = db.sqlite;
	const years = to - from;
	// A date moved by whole years; 29 February becomes 28 February in a common year.
	const shifted = (column: string) =>
		`CASE WHEN ${column} IS NULL THEN NULL WHEN substr(${column}, 6, 5) = '02-29' THEN date(substr(${column}, 1, 8) || '28', '+${years} years') ELSE date(${column}, '+${years} years') END`;

	return s.transaction((): RollForwardResult => {
		const source = s.prepare<[number], { id: number; body: string; title: string }>('SELECT id, body, title FROM plan WHERE year = ?').get(from);
		if (!source) return { ok: false, message: `Nessun piano per il ${from}: non c’è nulla da riportare.` };
		const existing = s.prepare<[number], { id: number }>('SELECT id FROM plan WHERE year = ?').get(to);
		if (existing && !options.onlyMissing) {
			return { ok: false, message: `Il piano ${to} esiste già: nulla è stato cambiato. Per aggiungere solo ciò che manca, indicarlo esplicitamente (--solo-mancanti).` };
		}
		const created: RollForwardCounts = { plan: 0, publicValues: 0, centres: 0, objectives: 0, assignments: 0, phases: 0, indicators: 0 };
		let target = existing?.id;
		if (target === undefined) {
			target = Number(s.prepare('INSERT INTO plan (year, body, title) VALUES (?, ?, ?)').run(to, source.body, shiftTitleYears(source.title, from, to)).lastInsertRowid);
			created.plan = 1;
		}
		const p = { old: source.id, new: target };
		created.publicValues = s
			.prepare(
				`INSERT INTO public_value (plan_id, name, position) SELECT @new, name, position FROM public_value v
				 WHERE plan_id = @old AND NOT EXISTS (SELECT 1 FROM public_value x WHERE x.plan_id = @new AND x.name = v.name)`
			)
			.run(p).changes;
		created.centres = s
			.prepare(
				`INSERT INTO responsibility_centre (plan_id, code, name) SELECT @new, code, name FROM responsibility_centre c
				 WHERE plan_id = @old AND NOT EXISTS (SELECT 1 FROM responsibility_centre x WHERE x.plan_id = @new AND x.code = c.code)`
			)
			.run(p).changes;
		created.objectives = s
			.prepare(
				`INSERT INTO objective (plan_id, code, position, public_value_id, title, description, centre_id, director_id, weight, mission, programme, strategic_objective, all_directors)
				 SELECT @new, o.code, o.position, nv.id, o.title, o.description, nc.id, o.director_id, o.weight, o.mission, o.programme, o.strategic_objective, o.all_directors
				 FROM objective o
				 JOIN public_value v ON v.id = o.public_value_id JOIN public_value nv ON nv.plan_id = @new AND nv.name = v.name
				 JOIN responsibility_centre c ON c.id = o.centre_id JOIN responsibility_centre nc ON nc.plan_id = @new AND nc.code = c.code
				 WHERE o.plan_id = @old AND NOT EXISTS (SELECT 1 FROM objective x WHERE x.plan_id = @new AND x.code = o.code)
				 ORDER BY o.position`
			)
			.run(p).changes;
		// Shares go with objectives that have none in the target plan (never mixed with shares set there).
		created.assignments = s
			.prepare(
				`INSERT INTO objective_assignment (objective_id, director_id, centre_id, quota)
				 SELECT no.id, a.director_id, nc.id, a.quota
				 FROM objective_assignment a JOIN objective o ON o.id = a.objective_id
				 JOIN objective no ON no.plan_id = @new AND no.code = o.code
				 JOIN responsibility_centre c ON c.id = a.centre_id JOIN responsibility_centre nc ON nc.plan_id = @new AND nc.code = c.code
				 WHERE o.plan_id = @old AND NOT EXISTS (SELECT 1 FROM objective_assignment x WHERE x.objective_id = no.id)`
			)
			.run(p).changes;
		created.phases = s
			.prepare(
				`INSERT INTO phase (objective_id, number, description, amount_cents, start_date, end_date)
				 SELECT no.id, f.number, f.description, f.amount_cents, ${shifted('f.start_date')}, ${shifted('f.end_date')}
				 FROM phase f JOIN objective o ON o.id = f.objective_id JOIN objective no ON no.plan_id = @new AND no.code = o.code
				 WHERE o.plan_id = @old AND NOT EXISTS (SELECT 1 FROM phase x WHERE x.objective_id = no.id AND x.number = f.number)`
			)
			.run(p).changes;
		created.indicators = s
			.prepare(
				`INSERT INTO indicator (objective_id, plan_id, code, position, description, type, unit, polarity, baseline, target, target_date, weight,
				                        dimension, formula, numerator_name, denominator_name, data_source, director_id)
				 SELECT no.id, @new, i.code, i.position, i.description, i.type, i.unit, i.polarity, i.baseline, i.target, ${shifted('i.target_date')}, i.weight,
				        i.dimension, i.formula, i.numerator_name, i.denominator_name, i.data_source, i.director_id
				 FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN objective no ON no.plan_id = @new AND no.code = o.code
				 WHERE i.plan_id = @old AND NOT EXISTS (SELECT 1 FROM indicator x WHERE x.plan_id = @new AND x.code = i.code)
				 ORDER BY o.position, i.position`
			)
			.run(p).changes;
		// The scoring rules of the source year (issue 18's plan_rules) go too, so the new year is scored
		// as the last one until someone changes them: a new plan has no validated date, so they are not
		// locked. A target plan that already existed (only the missing codes added) keeps its rules, as it
		// keeps everything else. Read through readPlanRules, so a source year still on the old global
		// setting or the defaults passes on what it is scored by.
		let rulesCopied = false;
		if (created.plan === 1) {
			const rules = readPlanRules(db, source.id);
			writePlanRules(db, target, { description: rules.description, rules: rules.rules }, actor.name, new Date());
			rulesCopied = true;
		}
		appendAudit(db, actor, {
			action: 'nuovo anno',
			entity: 'piano',
			ref: `${from} → ${to}`,
			after: {
				...created,
				modo: existing ? 'solo ciò che mancava' : 'piano nuovo',
				nota: 'obiettivi, fasi, indicatori, pesi e target copiati come punto di partenza; nessun valore',
				regole: rulesCopied ? `regole di valutazione copiate dal ${from} (modificabili)` : `regole di valutazione del ${to} non toccate`
			}
		});
		return { ok: true, created };
	})();
}

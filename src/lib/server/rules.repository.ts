/**
 * The scoring rules of a plan year, stored in `plan_rules` (one row per plan). A plan without a row is
 * scored by the rules of the old global setting `achievement`, if a database still has it, else by the
 * defaults: a body that never stated its rules sees the dashboard's historical ones.
 */
import { DEFAULT_SETTINGS, withDefaults, type AchievementSettings } from '../achievement/rules';
import type { RulesDocument } from '../achievement/rules-document';
import type { Db } from './db/database';
import type { Row } from './db/schema';
import { RevisionMemo } from './cache/revision-memo';
import { keptOverValueWrites } from './cache/value-journal';
import { runRaw } from './db/raw-query';

export const DEFAULT_DESCRIPTION = 'Regole predefinite del cruscotto: in linea da 90 %, a rischio da 60 %, tetto 100 %, media ponderata, nessuno scaglione';

export interface StoredRules extends RulesDocument {
	/** False when nothing is stored for the plan (the defaults, or the old global setting, apply). */
	stored: boolean;
	updatedAt: string | null;
	updatedBy: string | null;
}

type RulesRow = Row<'plan_rules', 'description' | 'rules' | 'updated_at' | 'updated_by'>;
type Found = { [K in keyof RulesRow]: RulesRow[K] | null } & { legacy: string | null };

function fromRow(row: Found): StoredRules {
	if (row.rules !== null) {
		return { description: row.description!, rules: withDefaults(JSON.parse(row.rules)), stored: true, updatedAt: row.updated_at, updatedBy: row.updated_by };
	}
	if (row.legacy) return { description: 'Regole dell’impostazione generale', rules: withDefaults(JSON.parse(row.legacy)), stored: false, updatedAt: null, updatedBy: null };
	return { description: DEFAULT_DESCRIPTION, rules: DEFAULT_SETTINGS, stored: false, updatedAt: null, updatedBy: null };
}

// The plan's row and the old global setting in one statement: every page asks, so one query, not two.
const FIND_RULES = `SELECT pr.description, pr.rules, pr.updated_at, pr.updated_by, s.value AS legacy
	FROM (SELECT ? AS plan_id) p
	LEFT JOIN plan_rules pr ON pr.plan_id = p.plan_id
	LEFT JOIN setting s ON s.key = 'achievement'`;

/** The rules in force for a plan, read synchronously (inside a better-sqlite3 transaction too). */
export function readPlanRules(db: Db, planId: number): StoredRules {
	const [[description, rules, updated_at, updated_by, legacy]] = runRaw<[string | null, string | null, string | null, string | null, string | null]>(db, FIND_RULES, [planId]);
	return fromRow({ description, rules, updated_at, updated_by, legacy });
}

/**
 * Every plan year with the rules it is scored by, in one query (pages that compare years: never a query
 * per year).
 */
export function readRulesOfPlans(db: Db): Array<{ planId: number; year: number; rules: AchievementSettings }> {
	return runRaw<[number, number, string | null, string | null, string | null, string | null, string | null]>(
		db,
		`SELECT p.id, p.year, pr.description, pr.rules, pr.updated_at, pr.updated_by, s.value
		FROM plan p LEFT JOIN plan_rules pr ON pr.plan_id = p.id LEFT JOIN setting s ON s.key = 'achievement' ORDER BY p.year`,
		[]
	).map(([planId, year, description, rules, updated_at, updated_by, legacy]) => ({ planId, year, rules: fromRow({ description, rules, updated_at, updated_by, legacy }).rules }));
}

/** Rules read once per data revision (and kept over value writes): pages ask on every request, and they change rarely. */
const known = new RevisionMemo<StoredRules>(1_000, () => 1, keptOverValueWrites);

export async function getPlanRules(db: Db, planId: number): Promise<StoredRules> {
	const memo = known.current(db);
	const cached = memo.get(String(planId));
	if (cached) return cached;
	const rules = Object.freeze(readPlanRules(db, planId));
	memo.set(String(planId), rules);
	return rules;
}

/** The engine's rules for a plan (what evaluateScope takes). */
export async function getAchievementRules(db: Db, planId: number): Promise<AchievementSettings> {
	return (await getPlanRules(db, planId)).rules;
}

/** Writes a plan's rules; the caller validates, checks the lock and logs, in its transaction. */
export function writePlanRules(db: Db, planId: number, doc: RulesDocument, by: string, now: Date): void {
	db.sqlite
		.prepare(
			`INSERT INTO plan_rules (plan_id, description, rules, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT (plan_id) DO UPDATE SET description = excluded.description, rules = excluded.rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by`
		)
		.run(planId, doc.description, JSON.stringify(doc.rules), now.toISOString(), by);
}

/** Rules of a year with a validated monitoring date are locked, like its values. */
export function planRulesLocked(db: Db, planId: number): boolean {
	return db.sqlite.prepare(`SELECT 1 FROM monitoring_period WHERE plan_id = ? AND state = 'validato' LIMIT 1`).get(planId) !== undefined;
}

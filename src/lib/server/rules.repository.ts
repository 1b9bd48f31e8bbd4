/**
 * The scoring rules of a plan year, stored in `plan_rules` (one row per plan). A plan without a row is
 * scored by the rules of the old global setting `achievement`, if a database still has it, else by the
 * defaults: a body that never stated its rules sees the dashboard's historical ones.
 */
import { DEFAULT_SETTINGS, withDefaults, type AchievementSettings } from '../achievement/rules';
import type { RulesDocument } from '../achievement/rules-document';
import type { Db } from './db/database';
import type { Row } from './db/schema';

export const DEFAULT_DESCRIPTION = 'Regole predefinite del cruscotto: in linea da 90 %, a rischio da 60 %, tetto 100 %, media ponderata, nessuno scaglione';

export interface StoredRules extends RulesDocument {
	/** False when nothing is stored for the plan (the defaults, or the old global setting, apply). */
	stored: boolean;
	updatedAt: string | null;
	updatedBy: string | null;
}

type RulesRow = Row<'plan_rules', 'description' | 'rules' | 'updated_at' | 'updated_by'>;

function fromRow(row: RulesRow | undefined, legacy: string | undefined): StoredRules {
	if (row) {
		return { description: row.description, rules: withDefaults(JSON.parse(row.rules)), stored: true, updatedAt: row.updated_at, updatedBy: row.updated_by };
	}
	if (legacy) return { description: 'Regole dell’impostazione generale', rules: withDefaults(JSON.parse(legacy)), stored: false, updatedAt: null, updatedBy: null };
	return { description: DEFAULT_DESCRIPTION, rules: DEFAULT_SETTINGS, stored: false, updatedAt: null, updatedBy: null };
}

/** The rules in force for a plan, read synchronously (inside a better-sqlite3 transaction too). */
export function readPlanRules(db: Db, planId: number): StoredRules {
	const row = db.sqlite.prepare('SELECT description, rules, updated_at, updated_by FROM plan_rules WHERE plan_id = ?').get(planId) as RulesRow | undefined;
	const legacy = row ? undefined : (db.sqlite.prepare(`SELECT value FROM setting WHERE key = 'achievement'`).pluck().get() as string | undefined);
	return fromRow(row, legacy);
}

export async function getPlanRules(db: Db, planId: number): Promise<StoredRules> {
	const row = await db.kysely.selectFrom('plan_rules').select(['description', 'rules', 'updated_at', 'updated_by']).where('plan_id', '=', planId).executeTakeFirst();
	const legacy = row ? undefined : (await db.kysely.selectFrom('setting').select('value').where('key', '=', 'achievement').executeTakeFirst())?.value;
	return fromRow(row, legacy);
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

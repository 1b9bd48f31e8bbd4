/**
 * Upgrading a real database to per-year rules loses nothing: the rules a body had stored in the global
 * setting become each existing plan's, and a plan imported later without rules of its own reads them too.
 */
import { Migrator, type MigrationProvider } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from './index';
import { openDatabase } from '../../src/lib/server/db/database';
import { migrateToLatest } from '../../src/lib/server/db/database';
import { loadSmallPlan } from '../../src/lib/server/testing/small-plan';
import { readPlanRules } from '../../src/lib/server/rules.repository';

const BEFORE = '2026-11-30-120-campaign-deadlines-reminders';

describe('migration 2026-11-30-300-plan-rules', () => {
	it('moves the global rules onto every existing plan, and locks them where dates are validated', async () => {
		const db = openDatabase(':memory:');
		try {
			const provider: MigrationProvider = { getMigrations: async () => migrations };
			const { error } = await new Migrator({ db: db.kysely, provider }).migrateTo(BEFORE);
			expect(error).toBeUndefined();
			expect(db.sqlite.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'plan_rules'`).pluck().get()).toBe(0);
			// A plan loaded and rules stored the old way (a cap of 120 % and bands), by an older version.
			db.sqlite.prepare('INSERT INTO plan (year, body, title) VALUES (2021, ?, ?)').run('Ente', 'Piano 2021');
			const stored = { onTrack: 0.85, atRisk: 0.5, cap: 1.2, bands: [{ from: 0.4, score: 1 }, { from: 0, score: 0 }], interpolateBands: false, deadlineBands: null };
			db.sqlite.prepare(`INSERT INTO setting (key, value) VALUES ('achievement', ?)`).run(JSON.stringify(stored));

			await migrateToLatest(db);
			const planId = db.sqlite.prepare('SELECT id FROM plan WHERE year = 2021').pluck().get() as number;
			const rules = readPlanRules(db, planId);
			expect(rules).toMatchObject({ stored: true, rules: { ...stored, decreasingFormula: 'rapporto', aggregation: 'media_ponderata', decimals: 1 } });

			// A plan imported after the upgrade, without rules of its own, reads the old setting too.
			loadSmallPlan(db);
			const later = db.sqlite.prepare('SELECT id FROM plan WHERE year = 2022').pluck().get() as number;
			expect(readPlanRules(db, later)).toMatchObject({ stored: false, rules: { cap: 1.2, onTrack: 0.85 } });
		} finally {
			await db.close();
		}
	});
});

/**
 * An existing database upgrades to codes unique per plan year without losing anything: a database at the
 * previous migration, filled by the application (the shipped plan and its example values, a value that
 * went through the whole review cycle to validation, a returned value, accounts, a session, the audit
 * log), is migrated and found identical, row by row and id by id, with its locks and search still working.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Migrator } from 'kysely';
import { migrations } from './index';
import { migrateToLatest, openDatabase, type Db } from '../../src/lib/server/db/database';
import { freshDb, loadShippedPlan } from '../../src/lib/server/testing/db';
import { loadSmallPlan, validateOneValue } from '../../src/lib/server/testing/small-plan';
import { readFolder } from '../../src/lib/server/seed';
import { importFiles } from '../../src/lib/server/import/import.service';
import { createUser } from '../../src/lib/server/auth/users.repository';
import { changePeriod, reviewValue, saveEntries } from '../../src/lib/server/monitoring.service';

const BEFORE = '2026-11-30-300-plan-rules';

/** Tables in an order that satisfies their foreign keys and the locks' triggers (values before their validated date). */
const TABLES = [
	'plan', 'public_value', 'responsibility_centre', 'director', 'objective', 'phase', 'indicator', 'evidence_file', 'measurement',
	'user', 'session', 'login_failure', 'monitoring_period', 'audit_log', 'reminder', 'setting', 'plan_rules'
];

const opened: Db[] = [];
afterEach(async () => {
	for (const db of opened.splice(0)) await db.close();
});

/** Today's application at work, on today's schema. */
async function filledByTheApplication(): Promise<Db> {
	const db = await freshDb();
	opened.push(db);
	loadShippedPlan(db);
	const examples = importFiles(db, readFolder('import/esempio-2022'), { enteredBy: 'esempi' });
	if (!examples.applied) throw new Error(JSON.stringify(examples.errors));
	const small = loadSmallPlan(db);
	validateOneValue(db, small, '2022-09-30');
	// A value sent back by the direction with a comment, still open for the director.
	const { anna, direzione } = small.users;
	expect(changePeriod(db, direzione, small.planId, '2022-12-31', 'apri', null).ok).toBe(true);
	const sent = saveEntries(db, anna, '2022-12-31', [{ indicatorId: small.indicatorId('OB-2-I1'), rawValue: '4', justification: 'ritardo', evidenceUrl: 'https://esempio.it/a', evidenceFile: null, expectedVersion: null }], { submit: true });
	expect(sent.ok).toBe(true);
	const m = db.sqlite.prepare('SELECT id, version FROM measurement WHERE indicator_id = ? AND date = ?').get(small.indicatorId('OB-2-I1'), '2022-12-31') as { id: number; version: number };
	expect(reviewValue(db, direzione, m.id, m.version, 'restituisci', 'Manca la fonte').ok).toBe(true);
	await createUser(db, { username: 'mario.bianchi', displayName: 'Mario Bianchi', role: 'nucleo', password: 'una-password-lunga-1' }, { userId: null, name: 'prova' });
	db.sqlite.prepare(`INSERT INTO session (id, user_id, created_at, expires_at) SELECT 'abc', id, '2022-01-01', '2099-01-01' FROM user WHERE username = 'mario.bianchi'`).run();
	db.sqlite.prepare(`UPDATE user SET email = 'mario@esempio.it' WHERE username = 'mario.bianchi'`).run();
	return db;
}

/** The same content in a database whose schema stops at the migration before this one. */
async function atPreviousMigration(source: Db): Promise<Db> {
	const old = openDatabase(':memory:');
	opened.push(old);
	const { error } = await new Migrator({ db: old.kysely, provider: { getMigrations: async () => migrations } }).migrateTo(BEFORE);
	if (error) throw error;
	old.sqlite.transaction(() => {
		for (const table of TABLES) {
			const columns = (old.sqlite.pragma(`table_info(${table})`) as Array<{ name: string }>).map((c) => `"${c.name}"`);
			const rows = source.sqlite.prepare(`SELECT ${columns.join(', ')} FROM "${table}" ORDER BY rowid`).raw().all() as unknown[][];
			const insert = old.sqlite.prepare(`INSERT INTO "${table}" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
			for (const row of rows) {
				// A date becomes validated only once closed (trigger): insert it closed, then validate it.
				if (table === 'monitoring_period') {
					const state = row[columns.indexOf('"state"')];
					if (state === 'validato') row[columns.indexOf('"state"')] = 'chiuso';
					insert.run(...row);
					if (state === 'validato') old.sqlite.prepare(`UPDATE monitoring_period SET state = 'validato' WHERE id = ?`).run(row[0]);
				} else insert.run(...row);
			}
		}
	})();
	return old;
}

/** Every row of every table, in the columns the database had before the upgrade (later migrations add some). */
function snapshot(db: Db, columns: Record<string, string[]>): Record<string, unknown[]> {
	const out: Record<string, unknown[]> = {};
	for (const table of TABLES) out[table] = db.sqlite.prepare(`SELECT ${columns[table].map((c) => `"${c}"`).join(', ')} FROM "${table}" ORDER BY rowid`).all();
	out.search_index = db.sqlite.prepare('SELECT rowid, kind, objective_id, title, body FROM search_index ORDER BY rowid').all();
	return out;
}

describe('upgrading to codes unique per plan year', () => {
	it('keeps every row of every table, with the same ids, and gives each indicator its objective’s plan', async () => {
		const old = await atPreviousMigration(await filledByTheApplication());
		const columns = Object.fromEntries(TABLES.map((t) => [t, (old.sqlite.pragma(`table_info(${t})`) as Array<{ name: string }>).map((c) => c.name)]));
		const before = snapshot(old, columns);
		// Every table is compared (a table added later must join the list).
		const tables = old.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely%' AND name NOT LIKE 'search_index%'").pluck().all();
		expect([...tables].sort()).toEqual([...TABLES].sort());
		// The content is what the test claims it is.
		expect(before.indicator.length).toBeGreaterThan(233);
		expect(before.measurement.some((m) => (m as { state: string }).state === 'validato')).toBe(true);
		expect(before.measurement.some((m) => (m as { state: string; review_comment: string }).state === 'restituito')).toBe(true);
		expect(before.audit_log.length).toBeGreaterThan(5);
		expect(before.user.length).toBe(1);
		expect(before.session.length).toBe(1);

		await migrateToLatest(old);

		expect(snapshot(old, columns)).toEqual(before);
		expect(old.sqlite.prepare('SELECT count(*) FROM indicator i JOIN objective o ON o.id = i.objective_id WHERE i.plan_id IS NOT o.plan_id').pluck().get()).toBe(0);
		expect(old.sqlite.pragma('foreign_key_check')).toEqual([]);
		expect(old.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
		expect(old.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
	});

	it('the upgraded database keeps its locks, its search and its cascades, and takes a code again in another year', async () => {
		const old = await atPreviousMigration(await filledByTheApplication());
		await migrateToLatest(old);
		const s = old.sqlite;
		const validated = s.prepare(`SELECT indicator_id FROM measurement WHERE state = 'validato'`).pluck().get() as number;
		expect(() => s.prepare('UPDATE indicator SET target = 1 WHERE id = ?').run(validated)).toThrow(/definizione bloccata/);
		expect(() => s.prepare(`UPDATE measurement SET value = 1 WHERE state = 'validato'`).run()).toThrow(/valori bloccati/);
		// Search still finds an indicator by a word of its description, and follows a change to it.
		const indicator = s.prepare(`SELECT id FROM indicator WHERE code = 'OB-3-I1'`).pluck().get() as number;
		s.prepare(`UPDATE indicator SET description = 'Xilofoni accordati' WHERE id = ?`).run(indicator);
		expect(s.prepare(`SELECT rowid FROM search_index WHERE search_index MATCH 'xilofoni'`).pluck().all()).toEqual([indicator * 4 + 3]);

		// A 2023 plan may reuse a 2022 code; the same plan may not.
		const plan23 = Number(s.prepare(`INSERT INTO plan (year, body, title) VALUES (2023, 'Provincia', 'Piano 2023')`).run().lastInsertRowid);
		const o = s.prepare(`SELECT * FROM objective WHERE code = 'OB-3'`).get() as Record<string, number>;
		const pv = Number(s.prepare(`INSERT INTO public_value (plan_id, name, position) VALUES (?, 'Scuole', 1)`).run(plan23).lastInsertRowid);
		const cdr = Number(s.prepare(`INSERT INTO responsibility_centre (plan_id, code, name) VALUES (?, 'CDR2', 'Edilizia')`).run(plan23).lastInsertRowid);
		const o23 = Number(
			s.prepare(`INSERT INTO objective (plan_id, code, position, public_value_id, title, centre_id, director_id) VALUES (?, 'OB-3', 1, ?, 'Scuole', ?, ?)`).run(plan23, pv, cdr, o.director_id).lastInsertRowid
		);
		s.prepare(`INSERT INTO indicator (objective_id, plan_id, code, position, description) VALUES (?, ?, 'OB-3-I1', 1, 'Scuole a norma')`).run(o23, plan23);
		expect(() => s.prepare(`INSERT INTO indicator (objective_id, plan_id, code, position, description) VALUES (?, ?, 'OB-3-I1', 2, 'di nuovo')`).run(o23, plan23)).toThrow(/UNIQUE/);
		// Deleting the 2023 plan takes its objective and indicator with it, and leaves 2022 alone.
		const count2022 = s.prepare(`SELECT count(*) FROM indicator`).pluck().get() as number;
		s.prepare('DELETE FROM plan WHERE id = ?').run(plan23);
		expect(s.prepare(`SELECT count(*) FROM indicator`).pluck().get()).toBe(count2022 - 1);
	});
});

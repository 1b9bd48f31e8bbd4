import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, openMigratedDatabase, type Db } from '../db/database';
import { csvInput, loadShippedPlan } from '../testing/db';
import { importFiles } from '../import/import.service';
import { dataRevision } from './data-revision';
import { objectivesChangedBetween } from './value-journal';
import { TABLES_OUTSIDE_THE_PLAN } from './change-log';

/**
 * The change log (change-log.ts) is what lets a memo carry its results over another process's writes:
 * a table that a carried result reads but that logs nothing would make that result stale. So every
 * table of a migrated database is either logged on insert, update and delete, or listed, with its
 * reason, as read by nothing carried.
 */

let dir: string;
let db: Db;
let other: Db;

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cruscotto-change-log-'));
	db = await openMigratedDatabase(path.join(dir, 'db.sqlite'));
	loadShippedPlan(db);
	// Values at 31/03 for every indicator (the shipped plan comes without any).
	db.sqlite.exec("INSERT INTO measurement (indicator_id, date, value, entered_by, entered_at) SELECT id, '2022-03-31', 10, 'prova', '2022-04-01T10:00:00Z' FROM indicator");
	// A second connection to the same file: the CLI, another server process.
	other = openDatabase(db.path);
});
afterEach(async () => {
	await other.close();
	await db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

function tables(): string[] {
	return db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
}

/** The events (INSERT, UPDATE, DELETE) on `table` that a trigger writes to change_log for. */
function loggedEvents(table: string): string[] {
	const triggers = db.sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").pluck().all(table) as string[];
	return triggers
		.filter((sql) => /INSERT INTO change_log/i.test(sql))
		.map((sql) => /\bAFTER\s+(INSERT|UPDATE|DELETE)\s+ON\b/i.exec(sql)?.[1].toUpperCase() ?? '')
		.filter(Boolean)
		.sort();
}

describe('the change log', () => {
	it('covers every table: logged on insert, update and delete, or listed as read by nothing carried', () => {
		db.sqlite.exec('ANALYZE'); // the planner's statistics tables exist on every started database
		const unaccounted = tables().filter((t) => !(t in TABLES_OUTSIDE_THE_PLAN) && loggedEvents(t).join() !== 'DELETE,INSERT,UPDATE');
		expect(unaccounted).toEqual([]);
		// And nothing listed as outside is logged after all, or names a table that is gone.
		for (const t of Object.keys(TABLES_OUTSIDE_THE_PLAN)) expect(loggedEvents(t), t).toEqual([]);
		expect(Object.keys(TABLES_OUTSIDE_THE_PLAN).filter((t) => !tables().includes(t))).toEqual([]);
	});

	it('fails on a table that is added without triggers', () => {
		db.sqlite.exec('CREATE TABLE objective_note (objective_id INTEGER, note TEXT)');
		expect(tables().filter((t) => !(t in TABLES_OUTSIDE_THE_PLAN) && loggedEvents(t).length < 3)).toEqual(['objective_note']);
	});

	it('tells the objectives another connection\'s value writes touched, and nothing else', () => {
		const before = dataRevision(db);
		const rows = other.sqlite
			.prepare('SELECT m.id, i.objective_id AS objectiveId FROM measurement m JOIN indicator i ON i.id = m.indicator_id WHERE m.value IS NOT NULL ORDER BY m.id LIMIT 40')
			.all() as Array<{ id: number; objectiveId: number }>;
		const [a, b] = [rows[0], rows.find((r) => r.objectiveId !== rows[0].objectiveId)!];
		other.sqlite.prepare('UPDATE measurement SET value = value + 1 WHERE id = ?').run(a.id);
		other.sqlite.prepare('UPDATE measurement SET value = value - 1 WHERE id = ?').run(a.id);
		other.sqlite.prepare('DELETE FROM measurement WHERE id = ?').run(b.id);
		const after = dataRevision(db);
		expect(after).not.toBe(before);
		expect(objectivesChangedBetween(db, before, after)).toEqual(new Set([a.objectiveId, b.objectiveId]));
		// A phase report, by the server's own connection: its phase's objective.
		const phase = db.sqlite.prepare('SELECT id, objective_id AS objectiveId FROM phase ORDER BY id LIMIT 1').get() as { id: number; objectiveId: number };
		db.sqlite
			.prepare("INSERT INTO phase_progress (phase_id, date, status, entered_by, entered_at) VALUES (?, '2022-06-30', 'in_corso', 'prova', '2022-06-30T10:00:00Z')")
			.run(phase.id);
		expect(objectivesChangedBetween(db, after, dataRevision(db))).toEqual(new Set([phase.objectiveId]));
		expect(objectivesChangedBetween(db, before, dataRevision(db))).toEqual(new Set([a.objectiveId, b.objectiveId, phase.objectiveId]));
		// A session opened by the other connection: the data moved, no objective did.
		const mark = dataRevision(db);
		other.sqlite.prepare("INSERT INTO user (username, display_name, role, password_hash, created_at) VALUES ('x', 'X', 'nucleo', 'h', '2022-01-01')").run();
		expect(dataRevision(db)).not.toBe(mark);
		expect(objectivesChangedBetween(db, mark, dataRevision(db))).toEqual(new Set());
	});

	it('says «everything» for a change to any logged table that is not a value', () => {
		const changes: Array<[string, string]> = [
			['a target', 'UPDATE indicator SET target = 99 WHERE id = (SELECT min(id) FROM indicator)'],
			['an objective\'s weight', 'UPDATE objective SET weight = 3 WHERE id = (SELECT min(id) FROM objective)'],
			['an indicator added', "INSERT INTO indicator (objective_id, plan_id, code, position, description) SELECT id, plan_id, 'NUOVO', 99, 'nuovo' FROM objective ORDER BY id LIMIT 1"],
			['a date opened', "INSERT INTO monitoring_period (plan_id, date, state) SELECT id, '2022-09-30', 'aperto' FROM plan"],
			['a plan\'s rules', "INSERT INTO plan_rules (plan_id, description, rules, updated_at, updated_by) SELECT id, 'prova', '{}', '2022-01-01', 'prova' FROM plan"],
			['a setting', "INSERT INTO setting (key, value) VALUES ('copertura', '{\"minShare\":0.2}')"],
			['a phase\'s planned end', "UPDATE phase SET end_date = '2022-05-31' WHERE id = (SELECT min(id) FROM phase)"],
			['a director renamed', "UPDATE director SET name = name || ' bis' WHERE id = (SELECT min(id) FROM director)"],
			['a share', 'INSERT INTO objective_assignment (objective_id, director_id, centre_id, quota) SELECT id, director_id, centre_id, 100 FROM objective ORDER BY id LIMIT 1'],
			['a public value', "UPDATE public_value SET name = name || ' bis' WHERE id = (SELECT min(id) FROM public_value)"],
			['a CdR', "UPDATE responsibility_centre SET name = name || ' bis' WHERE id = (SELECT min(id) FROM responsibility_centre)"],
			['a plan', "UPDATE plan SET title = title || ' bis'"]
		];
		for (const [what, statement] of changes) {
			const before = dataRevision(db);
			expect(other.sqlite.prepare(statement).run().changes, what).toBeGreaterThan(0);
			expect(objectivesChangedBetween(db, before, dataRevision(db)), what).toBeNull();
			// A value write after it does not hide it.
			other.sqlite.prepare('UPDATE measurement SET value = value WHERE id = (SELECT min(id) FROM measurement)').run();
			expect(objectivesChangedBetween(db, before, dataRevision(db)), what).toBeNull();
		}
	});

	it('stays one row per objective after a bulk write', () => {
		const before = dataRevision(db);
		const { changes } = other.sqlite.prepare('UPDATE measurement SET source = coalesce(source, \'\') || \'.\'').run();
		expect(changes).toBeGreaterThan(100);
		const touched = other.sqlite.prepare('SELECT count(DISTINCT i.objective_id) FROM measurement m JOIN indicator i ON i.id = m.indicator_id').pluck().get() as number;
		expect(objectivesChangedBetween(db, before, dataRevision(db))?.size).toBe(touched);
		const objectives = db.sqlite.prepare('SELECT count(*) FROM objective').pluck().get() as number;
		expect(db.sqlite.prepare('SELECT count(*) FROM change_log').pluck().get()).toBeLessThanOrEqual(objectives + 1);
	});
});

describe('a bulk import of values', () => {
	const objectiveOf = (code: string) => db.sqlite.prepare('SELECT objective_id FROM indicator WHERE code = ?').pluck().get(code) as number;
	const marker = () => db.sqlite.prepare('SELECT count(*) FROM change_log_pause').pluck().get();

	it('logs the objectives its files name, once, and leaves every other writer logged row by row', () => {
		const codes = (db.sqlite.prepare("SELECT code FROM indicator WHERE type = 'numero' ORDER BY id").pluck().all() as string[]).filter((_, n) => n % 5 === 0);
		expect(new Set(codes.map(objectiveOf)).size).toBeGreaterThan(3);
		const before = dataRevision(db);
		// By the other connection, as `npm run import` does: Excel's semicolons and CRLF.
		const csv = ['codice_indicatore;data;valore', ...codes.map((code) => `${code};30/06/2022;7`)].join('\r\n');
		const report = importFiles(other, [csvInput('misurazioni.csv', csv)]);
		expect(report.errors).toEqual([]);
		expect(report.counts.measurements.created).toBe(codes.length);
		expect(marker()).toBe(0);
		expect(objectivesChangedBetween(db, before, dataRevision(db))).toEqual(new Set(codes.map(objectiveOf)));
		// The pause lived only inside the import: a value written afterwards, by anyone, is logged.
		const mark = dataRevision(db);
		const last = db.sqlite.prepare('SELECT m.id, i.objective_id AS objectiveId FROM measurement m JOIN indicator i ON i.id = m.indicator_id ORDER BY m.id DESC LIMIT 1').get() as { id: number; objectiveId: number };
		other.sqlite.prepare('UPDATE measurement SET value = 8 WHERE id = ?').run(last.id);
		expect(objectivesChangedBetween(db, mark, dataRevision(db))).toEqual(new Set([last.objectiveId]));
	});

	it('logs a write by the server right after another process\'s import, beside the import\'s objectives', () => {
		// SQLite has one writer at a time: a write waits for the import's commit, when the pause is gone.
		const before = dataRevision(db);
		const code = db.sqlite.prepare("SELECT code FROM indicator WHERE type = 'numero' ORDER BY id LIMIT 1").pluck().get() as string;
		const report = importFiles(other, [csvInput('misurazioni.csv', `codice_indicatore;data;valore\r\n${code};30/06/2022;7\r\n`)]);
		expect(report.errors).toEqual([]);
		const m = db.sqlite.prepare('SELECT m.id, i.objective_id AS objectiveId FROM measurement m JOIN indicator i ON i.id = m.indicator_id WHERE i.code <> ? ORDER BY m.id LIMIT 1').get(code) as { id: number; objectiveId: number };
		db.sqlite.prepare('UPDATE measurement SET value = 9 WHERE id = ?').run(m.id);
		expect(objectivesChangedBetween(db, before, dataRevision(db))).toEqual(new Set([objectiveOf(code), m.objectiveId]));
	});

	it('leaves nothing behind when it fails or is a dry run', () => {
		const code = db.sqlite.prepare("SELECT code FROM indicator WHERE type = 'numero' ORDER BY id LIMIT 1").pluck().get() as string;
		const before = dataRevision(db);
		const bad = importFiles(other, [csvInput('misurazioni.csv', `codice_indicatore;data;valore\r\n${code};30/06/2022;7\r\nNESSUNO;30/06/2022;1\r\n`)]);
		expect(bad.applied).toBe(false);
		const dry = importFiles(other, [csvInput('misurazioni.csv', `codice_indicatore;data;valore\r\n${code};30/06/2022;7\r\n`)], { dryRun: true });
		expect(dry.errors).toEqual([]);
		expect(marker()).toBe(0);
		expect(db.sqlite.prepare("SELECT count(*) FROM measurement WHERE date = '2022-06-30'").pluck().get()).toBe(0);
		// Nothing value-wise moved; a write now is logged as usual.
		expect(objectivesChangedBetween(db, before, dataRevision(db))).toEqual(new Set());
		const m = db.sqlite.prepare('SELECT m.id, i.objective_id AS objectiveId FROM measurement m JOIN indicator i ON i.id = m.indicator_id ORDER BY m.id LIMIT 1').get() as { id: number; objectiveId: number };
		other.sqlite.prepare('UPDATE measurement SET value = 9 WHERE id = ?').run(m.id);
		expect(objectivesChangedBetween(db, before, dataRevision(db))).toEqual(new Set([m.objectiveId]));
	});
});

describe('a token read inside a transaction', () => {
	it('carries nothing: the rows it saw may be rolled back and their positions given to other changes', async () => {
		const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'cruscotto-change-log-tx-'));
		const own = await openMigratedDatabase(path.join(dir2, 'db.sqlite'));
		try {
			loadShippedPlan(own);
			own.sqlite.exec("INSERT INTO measurement (indicator_id, date, value, entered_by, entered_at) SELECT id, '2022-03-31', 10, 'prova', '2022-04-01T10:00:00Z' FROM indicator");
			const [a, b] = own.sqlite.prepare('SELECT m.id FROM measurement m JOIN indicator i ON i.id = m.indicator_id GROUP BY i.objective_id ORDER BY m.id LIMIT 2').pluck().all() as number[];
			let inside = '';
			try {
				own.sqlite.transaction(() => {
					own.sqlite.prepare('UPDATE measurement SET value = 11 WHERE id = ?').run(a);
					inside = dataRevision(own);
					throw new Error('annullata');
				})();
			} catch {
				// rolled back
			}
			own.sqlite.prepare('UPDATE measurement SET value = 12 WHERE id = ?').run(b); // takes the position the rolled-back row had
			expect(objectivesChangedBetween(own, inside, dataRevision(own))).toBeNull();
		} finally {
			await own.close();
			fs.rmSync(dir2, { recursive: true, force: true });
		}
	});
});

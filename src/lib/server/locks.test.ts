/**
 * What validation promises, held by the database and the services whoever writes: a validated
 * result cannot move, the audit log cannot be rewritten, a monitoring date is a real date.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db/database';
import { freshDb, csvInput } from './testing/db';
import { loadSmallPlan, validateOneValue, type SmallPlan } from './testing/small-plan';
import { changePeriod, updateTarget } from './monitoring.service';
import { importFiles } from './import/import.service';
import { evaluateScope } from './evaluation.service';
import { DEFAULT_SETTINGS } from '../achievement/achievement';

let db: Db;
let plan: SmallPlan;
const DATE = '2022-06-30';

beforeEach(async () => {
	db = await freshDb();
	plan = loadSmallPlan(db);
	validateOneValue(db, plan, DATE);
});
afterEach(async () => {
	await db.close();
});

const score = async () => (await evaluateScope(db, { planId: plan.planId }, DATE, DEFAULT_SETTINGS)).find((o) => o.code === 'OB-1')!.achievement.score;

describe('a validated result cannot move', () => {
	it('the web form refuses a new target, and the published score stays 46,2 %', async () => {
		expect(await score()).toBeCloseTo(0.462, 10);
		const r = updateTarget(db, plan.users.direzione, plan.indicatorId('OB-1-I1'), '46,2', 'allineare');
		expect(r).toEqual({ ok: false, message: expect.stringContaining('valori validati') });
		expect(await score()).toBeCloseTo(0.462, 10);
	});

	it('the importer refuses target, type, polarity, baseline, weight and objective changes, each at its line and column', () => {
		const file = csvInput(
			'indicatori.csv',
			'codice_obiettivo,codice,descrizione,tipo,unita,polarita,baseline,target,peso\n' +
				'OB-2,OB-1-I1,Km di strade asfaltate,percentuale,km,decrescente,5,46,2\n' +
				'OB-2,OB-2-I1,Ponti ispezionati,numero,,crescente,,12,\n'
		);
		const report = importFiles(db, [file]);
		expect(report.applied).toBe(false);
		const where = report.errors.map((e) => `${e.file}:${e.line}:${e.column}`);
		expect(where).toEqual(
			expect.arrayContaining(['indicatori.csv:2:codice_obiettivo', 'indicatori.csv:2:tipo', 'indicatori.csv:2:polarita', 'indicatori.csv:2:baseline', 'indicatori.csv:2:target', 'indicatori.csv:2:peso'])
		);
		// The other indicator's change was not written either: all or nothing.
		expect(db.sqlite.prepare(`SELECT target FROM indicator WHERE code = 'OB-2-I1'`).pluck().get()).toBe(10);
		expect(db.sqlite.prepare(`SELECT target FROM indicator WHERE code = 'OB-1-I1'`).pluck().get()).toBe(100);
	});

	it('the description may still be corrected (it does not change a result)', () => {
		const file = csvInput('indicatori.csv', 'codice_obiettivo,codice,descrizione,tipo,unita,polarita,baseline,target,peso\nOB-1,OB-1-I1,Chilometri di strade asfaltate,numero,km,crescente,,100,\n');
		expect(importFiles(db, [file]).applied).toBe(true);
	});

	it('even SQL cannot change the definition, until an admin reopens the date with a reason', () => {
		const id = plan.indicatorId('OB-1-I1');
		expect(() => db.sqlite.prepare('UPDATE indicator SET target = 46.2 WHERE id = ?').run(id)).toThrow(/definizione bloccata/);
		expect(() => db.sqlite.prepare('UPDATE indicator SET objective_id = (SELECT id FROM objective WHERE code = ?) WHERE id = ?').run('OB-2', id)).toThrow(/definizione bloccata/);
		expect(changePeriod(db, plan.users.admin, plan.planId, DATE, 'riapri', 'errore nel target approvato').ok).toBe(true);
		expect(updateTarget(db, plan.users.direzione, id, '50', 'target rettificato dalla Giunta').ok).toBe(true);
	});

	it('a value cannot be moved into a validated date, nor out of it', () => {
		const other = '2022-09-30';
		expect(changePeriod(db, plan.users.direzione, plan.planId, other, 'apri', null).ok).toBe(true);
		db.sqlite.prepare(`INSERT INTO measurement (indicator_id, date, value, entered_by, entered_at, state) VALUES (?, ?, 1, 'x', 'x', 'bozza')`).run(plan.indicatorId('OB-1-I1'), other);
		expect(() => db.sqlite.prepare('UPDATE measurement SET date = ? WHERE date = ?').run(DATE, other)).toThrow(/bloccati/);
		expect(() => db.sqlite.prepare('UPDATE measurement SET date = ? WHERE date = ?').run(other, DATE)).toThrow(/bloccati/);
	});
});

describe('the audit log is append-only, REPLACE included', () => {
	it('refuses REPLACE INTO and INSERT OR REPLACE over an existing line', () => {
		const first = db.sqlite.prepare('SELECT * FROM audit_log ORDER BY id LIMIT 1').get() as Record<string, unknown>;
		const cols = Object.keys(first);
		const values = cols.map((c) => (c === 'action' ? 'riscritto' : first[c]));
		const list = cols.join(', ');
		const marks = cols.map(() => '?').join(', ');
		expect(() => db.sqlite.prepare(`REPLACE INTO audit_log (${list}) VALUES (${marks})`).run(...values)).toThrow(/non si può riscrivere/);
		expect(() => db.sqlite.prepare(`INSERT OR REPLACE INTO audit_log (${list}) VALUES (${marks})`).run(...values)).toThrow(/non si può riscrivere/);
		expect(db.sqlite.prepare('SELECT action FROM audit_log WHERE id = ?').pluck().get(first.id)).toBe(first.action);
	});
});

describe('monitoring dates are real, and only a closed date is validated', () => {
	it.each(['2022-13-45', '2022-02-31', '2022-06-31'])('refuses to open %s', (date) => {
		const r = changePeriod(db, plan.users.direzione, plan.planId, date, 'apri', null);
		expect(r.ok).toBe(false);
		expect(db.sqlite.prepare('SELECT count(*) FROM monitoring_period WHERE date = ?').pluck().get(date)).toBe(0);
	});

	it('refuses to validate a date that was never opened and closed', () => {
		expect(changePeriod(db, plan.users.nucleo, plan.planId, '2022-02-31', 'valida', null).ok).toBe(false);
		expect(changePeriod(db, plan.users.nucleo, plan.planId, '2022-10-31', 'valida', null).ok).toBe(false);
		expect(db.sqlite.prepare(`SELECT date FROM monitoring_period WHERE state = 'validato'`).pluck().all()).toEqual([DATE]);
	});

	it('the database itself refuses an impossible date or a validation that skips closing', () => {
		expect(() => db.sqlite.prepare(`INSERT INTO monitoring_period (plan_id, date, state) VALUES (?, '2022-02-31', 'aperto')`).run(plan.planId)).toThrow();
		expect(() => db.sqlite.prepare(`INSERT INTO monitoring_period (plan_id, date, state) VALUES (?, '2022-10-31', 'validato')`).run(plan.planId)).toThrow();
		db.sqlite.prepare(`INSERT INTO monitoring_period (plan_id, date, state) VALUES (?, '2022-10-31', 'aperto')`).run(plan.planId);
		expect(() => db.sqlite.prepare(`UPDATE monitoring_period SET state = 'validato' WHERE date = '2022-10-31'`).run()).toThrow();
	});
});

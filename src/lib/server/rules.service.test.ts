/**
 * A plan year's rules as stored data: read by the evaluation and the monitoring check, changed only
 * with a reason and through validation, previewed, logged, and locked once the year has validated dates.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type AchievementSettings } from '../achievement/rules';
import type { Db } from './db/database';
import { freshDb } from './testing/db';
import { loadSmallPlan, validateOneValue, type SmallPlan } from './testing/small-plan';
import { changePeriod, saveEntries } from './monitoring.service';
import { readPlanRules } from './rules.repository';
import { previewRules, rulesHistory, saveRules } from './rules.service';

let db: Db;
let plan: SmallPlan;
const YEAR = { id: 0, year: 2022 };
const ADMIN = { userId: null, name: 'admin' };
const BANDS_FROM_40: AchievementSettings = { ...DEFAULT_SETTINGS, bands: [{ from: 0.4, score: 1 }, { from: 0, score: 0 }] };

beforeEach(async () => {
	db = await freshDb();
	plan = loadSmallPlan(db);
	YEAR.id = plan.planId;
});
afterEach(async () => {
	await db.close();
});

const entry = (rawValue: string) => ({ indicatorId: plan.indicatorId('OB-1-I1'), rawValue, justification: null, evidenceUrl: null, evidenceFile: null, expectedVersion: null });

describe('the monitoring check judges by the rules of the plan year', () => {
	it('with bands that give 100 % from 40 % of the target, a value at 46 % needs no justification', () => {
		const date = '2022-09-30';
		expect(changePeriod(db, plan.users.direzione, plan.planId, date, 'apri', null).ok).toBe(true);
		// Under the default rules 46 of 100 is a deviation: the justification is required.
		expect(saveEntries(db, plan.users.anna, date, [entry('46')], { submit: true })).toMatchObject({ ok: false, problems: [{ field: 'motivazione' }] });
		expect(saveRules(db, ADMIN, YEAR, { description: 'SMVP con scaglioni', rules: BANDS_FROM_40 }, 'delibera n. 1')).toEqual({ ok: true });
		expect(saveEntries(db, plan.users.anna, date, [entry('46')], { submit: true })).toEqual({ ok: true, saved: 1 });
	});

	it('an indicator\'s own scale is what the check uses', () => {
		const date = '2022-09-30';
		changePeriod(db, plan.users.direzione, plan.planId, date, 'apri', null);
		const rules: AchievementSettings = {
			...DEFAULT_SETTINGS,
			scales: { 'OB-1-I1': { on: 'valore', below: 0, bands: [{ from: 30, to: null, score: 1, scoreTo: null }] } }
		};
		expect(saveRules(db, ADMIN, YEAR, { description: 'scala propria', rules }, 'prova').ok).toBe(true);
		expect(saveEntries(db, plan.users.anna, date, [entry('31')], { submit: true })).toEqual({ ok: true, saved: 1 });
	});
});

describe('saving rules', () => {
	it('stores them for the plan only, with a line in the change log that keeps before, after and reason', async () => {
		expect(readPlanRules(db, plan.planId)).toMatchObject({ stored: false, rules: DEFAULT_SETTINGS });
		expect(saveRules(db, ADMIN, YEAR, { description: 'SMVP 2022', rules: BANDS_FROM_40 }, 'delibera n. 12/2022')).toEqual({ ok: true });
		expect(readPlanRules(db, plan.planId)).toMatchObject({ stored: true, description: 'SMVP 2022', rules: BANDS_FROM_40 });
		const [line] = await rulesHistory(db, 2022);
		expect(line).toMatchObject({ actor: 'admin', action: 'regole modificate', reason: 'delibera n. 12/2022' });
		expect(JSON.parse(line.before!).rules).toEqual(DEFAULT_SETTINGS);
		expect(JSON.parse(line.after!).rules).toEqual(BANDS_FROM_40);
	});

	it('saving the same rules twice (a double click) writes and logs once', async () => {
		const doc = { description: 'SMVP 2022', rules: BANDS_FROM_40 };
		const [a, b] = [saveRules(db, ADMIN, YEAR, doc, 'prima'), saveRules(db, ADMIN, YEAR, structuredClone(doc), 'seconda')];
		expect(a).toEqual({ ok: true });
		expect(b).toEqual({ ok: true, unchanged: true });
		expect((await rulesHistory(db, 2022)).map((l) => l.reason)).toEqual(['prima']);
	});

	it('refuses invalid rules, an unknown indicator and a missing reason, all at once, writing nothing', () => {
		const bad: AchievementSettings = { ...DEFAULT_SETTINGS, atRisk: 0.95, scales: { 'NON-ESISTE': { on: 'rapporto', below: 0, bands: [{ from: 0, to: null, score: 1, scoreTo: null }] } } };
		const r = saveRules(db, ADMIN, YEAR, { description: '', rules: bad }, '  ');
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.problems.map((p) => p.path).sort()).toEqual(['atRisk', 'description', 'reason', 'scales.NON-ESISTE']);
		expect(readPlanRules(db, plan.planId).stored).toBe(false);
		expect(db.sqlite.prepare(`SELECT count(*) FROM audit_log WHERE entity = 'regole'`).pluck().get()).toBe(0);
	});

	it('locks the rules of a year with a validated date, in the service and in the database', () => {
		validateOneValue(db, plan, '2022-06-30');
		const r = saveRules(db, ADMIN, YEAR, { description: 'x', rules: BANDS_FROM_40 }, 'dopo la validazione');
		expect(r).toMatchObject({ ok: false, problems: [{ path: 'lock' }] });
		expect(() =>
			db.sqlite.prepare(`INSERT INTO plan_rules (plan_id, description, rules, updated_at, updated_by) VALUES (?, 'x', '{}', 'now', 'sql')`).run(plan.planId)
		).toThrow(/bloccate/);
		expect(readPlanRules(db, plan.planId).stored).toBe(false);
	});
});

describe('the preview of a change', () => {
	it('names the objectives whose state the new rules change, with scores before and after', async () => {
		// OB-1 at 46 % (critico), OB-2 at 80 % (a rischio), OB-3 without a value.
		const date = '2022-09-30';
		changePeriod(db, plan.users.direzione, plan.planId, date, 'apri', null);
		saveEntries(db, plan.users.anna, date, [entry('46'), { ...entry('8'), indicatorId: plan.indicatorId('OB-2-I1') }], { submit: false });
		saveEntries(db, plan.users.anna, date, [{ ...entry('46'), justification: 'x' }, { ...entry('8'), indicatorId: plan.indicatorId('OB-2-I1'), justification: 'x' }], { submit: true });
		const preview = await previewRules(db, YEAR, BANDS_FROM_40);
		expect(preview.date).toBe(date);
		expect(preview.changes).toEqual([
			{ code: 'OB-1', title: 'Manutenzione strade', before: { score: 0.46, status: 'off_track' }, after: { score: 1, status: 'on_track' } },
			{ code: 'OB-2', title: 'Ponti', before: { score: 0.8, status: 'at_risk' }, after: { score: 1, status: 'on_track' } }
		]);
		expect((await previewRules(db, YEAR, DEFAULT_SETTINGS)).changes).toEqual([]);
	});
});

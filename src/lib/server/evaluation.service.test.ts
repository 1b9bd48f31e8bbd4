import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db/database';
import { DEFAULT_SETTINGS } from '../achievement/achievement';
import { aggregateBy, aggregateOf, evaluateScope, measurementDatesInYear } from './evaluation.service';
import { removeExampleValues } from './examples';
import { findPlan, pageHeader } from './plan.repository';
import { readFolder } from './seed';
import { importFiles } from './import/import.service';
import { freshDb } from './testing/db';
import { searchPlan } from './search.repository';
import { evaluateFrames } from './trend.service';

let db: Db;
let planId: number;
beforeAll(async () => {
	db = await freshDb();
	const report = importFiles(db, [...readFolder('import/piao-2022'), ...readFolder('import/esempio-2022')]);
	expect(report.errors).toEqual([]);
	planId = (await findPlan(db, 2022))!.id;
});
afterAll(async () => {
	await db.close();
});

describe('evaluateScope on the shipped plan with its example values', () => {
	it('scores 2022-B7-OP-01 as 22 of 26 census sheets at year end, 12 of 26 at mid-year', async () => {
		const [end] = await evaluateScope(db, { planId, objectiveId: await idOf('2022-B7-OP-01') }, '2022-12-31', DEFAULT_SETTINGS);
		expect(end.achievement.score).toBeCloseTo(22 / 26, 10);
		expect(end.achievement.status).toBe('at_risk');
		expect(end.indicators[0].latest).toMatchObject({ date: '2022-12-31', value: 22, source: 'esempio' });
		const [mid] = await evaluateScope(db, { planId, objectiveId: end.id }, '2022-06-30', DEFAULT_SETTINGS);
		expect(mid.achievement.score).toBeCloseTo(12 / 26, 10);
		expect(mid.achievement.status).toBe('off_track');
	});

	it('before any value, measurable objectives are "not measured" and the rest "not measurable"', async () => {
		const all = await evaluateScope(db, { planId }, '2022-01-31', DEFAULT_SETTINGS);
		const plan = aggregateOf(all, DEFAULT_SETTINGS);
		expect(plan.score).toBeNull();
		expect(plan.distribution.on_track + plan.distribution.at_risk + plan.distribution.off_track).toBe(0);
		expect(plan.distribution.not_measured + plan.distribution.not_measurable).toBe(77);
		// H1-OP-07 has no indicators at all.
		expect(all.find((o) => o.code === '2022-H1-OP-07')!.achievement.status).toBe('not_measurable');
	});

	it('aggregates per director over exactly their objectives', async () => {
		const all = await evaluateScope(db, { planId }, '2022-12-31', DEFAULT_SETTINGS);
		const byDirector = aggregateBy(all, (o) => o.director, (o) => o.director, DEFAULT_SETTINGS);
		expect(byDirector).toHaveLength(7);
		expect(byDirector.reduce((s, d) => s + d.achievement.objectives, 0)).toBe(77);
		const mechini = byDirector.find((d) => d.key === 'Fabrizio Mechini')!;
		const own = all.filter((o) => o.director === 'Fabrizio Mechini' && o.achievement.score !== null);
		expect(mechini.achievement.score).toBeCloseTo(own.reduce((s, o) => s + o.achievement.score!, 0) / own.length, 10);
	});

	it('filters by director, CdR and public value in SQL', async () => {
		const all = await evaluateScope(db, { planId }, '2022-12-31', DEFAULT_SETTINGS);
		const h1 = await evaluateScope(db, { planId, centreCode: 'H1' }, '2022-12-31', DEFAULT_SETTINGS);
		expect(h1.map((o) => o.code)).toEqual(all.filter((o) => o.centreCode === 'H1').map((o) => o.code));
		const pv = all[0].publicValueId;
		const inPv = await evaluateScope(db, { planId, publicValueId: pv }, '2022-12-31', DEFAULT_SETTINGS);
		expect(inPv.every((o) => o.publicValueId === pv)).toBe(true);
		expect(inPv).toHaveLength(21);
	});

	it('lists the dates that hold values in the plan year', async () => {
		expect(await measurementDatesInYear(db, 2022)).toEqual(['2022-06-30', '2022-12-31']);
		expect(await measurementDatesInYear(db, 2023)).toEqual([]);
	});

	it('searches ignoring case and accents, by word prefix', async () => {
		const accented = await searchPlan(db, planId, 'ATTIVITÀ');
		const plain = await searchPlan(db, planId, 'attivita');
		expect(accented.total).toBeGreaterThan(10);
		expect(plain.total).toBe(accented.total);
		const prefix = await searchPlan(db, planId, 'vallisn');
		expect(prefix.hits.map((h) => h.objectiveCode)).toContain('2022-H1-OP-03');
		expect(prefix.hits[0].snippet).toContain('\u0001');
		expect((await searchPlan(db, planId, '"; DROP TABLE objective; --')).total).toBe(0);
	});

	it('removes every example value and nothing else', async () => {
		const copy = await freshDb();
		try {
			importFiles(copy, [...readFolder('import/piao-2022'), ...readFolder('import/esempio-2022')]);
			expect(pageHeader(copy, null).examples).toBe(true);
			expect(pageHeader(copy, 2022, ['validato']).examples).toBe(false); // the public pages publish none of them
			expect(pageHeader(copy, 1999)).toMatchObject({ plan: { year: 2022 } }); // a year without a plan: the newest
			const values = copy.sqlite.prepare("SELECT count(*) FROM measurement WHERE source = 'esempio'").pluck().get() as number;
			const reports = copy.sqlite.prepare("SELECT count(*) FROM phase_progress WHERE source = 'esempio'").pluck().get() as number;
			expect(reports).toBe(552);
			expect(copy.sqlite.prepare("SELECT count(*) FROM phase WHERE planned_source = 'esempio' AND start_date IS NOT NULL").pluck().get()).toBe(276);
			expect(removeExampleValues(copy)).toBe(values + reports);
			expect(pageHeader(copy, null).examples).toBe(false);
			// The example's planned dates go with it: the shipped plan gives none.
			expect(copy.sqlite.prepare('SELECT count(*) FROM phase WHERE start_date IS NOT NULL OR end_date IS NOT NULL OR planned_source IS NOT NULL').pluck().get()).toBe(0);
			expect(copy.sqlite.prepare('SELECT count(*) FROM phase').pluck().get()).toBe(276);
			expect(copy.sqlite.prepare('SELECT count(*) FROM objective').pluck().get()).toBe(77);
		} finally {
			await copy.close();
		}
	});
});

describe('evaluateScope reuses a result only while the data is unchanged', () => {
	it('returns the same frozen result until a value changes, then the new one', async () => {
		const id = await idOf('2022-B7-OP-01');
		const first = await evaluateScope(db, { planId, objectiveId: id }, '2022-12-31', DEFAULT_SETTINGS);
		const again = await evaluateScope(db, { planId, objectiveId: id }, '2022-12-31', DEFAULT_SETTINGS);
		expect(again).toBe(first);
		expect(Object.isFrozen(first[0].indicators[0])).toBe(true);
		expect(() => {
			(first[0].achievement as { score: number | null }).score = 1;
		}).toThrow(TypeError);

		const indicatorId = first[0].indicators[0].id;
		db.sqlite.prepare("UPDATE measurement SET value = 26 WHERE indicator_id = ? AND date = '2022-12-31'").run(indicatorId);
		try {
			const after = await evaluateScope(db, { planId, objectiveId: id }, '2022-12-31', DEFAULT_SETTINGS);
			expect(after).not.toBe(first);
			expect(after[0].achievement.score).toBeCloseTo(1, 10);
		} finally {
			db.sqlite.prepare("UPDATE measurement SET value = 22 WHERE indicator_id = ? AND date = '2022-12-31'").run(indicatorId);
		}
		const restored = await evaluateScope(db, { planId, objectiveId: id }, '2022-12-31', DEFAULT_SETTINGS);
		expect(restored[0].achievement.score).toBeCloseTo(22 / 26, 10);
	});

	it('narrows an evaluated whole plan to a part exactly as evaluating the part alone does', async () => {
		const direct = await evaluateScope(db, { planId, centreCode: 'H1' }, '2022-06-30', DEFAULT_SETTINGS);
		const whole = await evaluateScope(db, { planId }, '2022-06-30', DEFAULT_SETTINGS);
		const narrowed = await evaluateScope(db, { planId, directorId: whole[0].directorId }, '2022-06-30', DEFAULT_SETTINGS);
		expect(narrowed.length).toBeGreaterThan(0);
		expect(narrowed.every((o) => whole.includes(o))).toBe(true); // taken from the whole, not recomputed
		expect(narrowed.map((o) => o.code)).toEqual(whole.filter((o) => o.directorId === whole[0].directorId).map((o) => o.code));
		// Same content as the part computed on its own before the whole existed.
		expect(JSON.parse(JSON.stringify(whole.filter((o) => o.centreCode === 'H1')))).toEqual(JSON.parse(JSON.stringify(direct)));
	});
});

async function idOf(code: string): Promise<number> {
	return (await db.kysely.selectFrom('objective').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

describe('«misura dalle fasi» on the shipped plan with its example progress', () => {
	const byPhases = { ...DEFAULT_SETTINGS, phaseMeasure: 'numero' as const };

	it('measures only objectives the default rules call «non misurabili», and the trends agree with the evaluation', async () => {
		for (const date of ['2022-06-30', '2022-12-31']) {
			const [off, on] = await Promise.all([evaluateScope(db, { planId }, date, DEFAULT_SETTINGS), evaluateScope(db, { planId }, date, byPhases)]);
			const offById = new Map(off.map((o) => [o.id, o.achievement]));
			const changed = on.filter((o) => o.achievement.byPhases);
			expect(changed.length).toBeGreaterThan(10);
			for (const o of on) {
				if (o.achievement.byPhases) expect(offById.get(o.id)!.status).toBe('not_measurable');
				else expect(o.achievement).toEqual(offById.get(o.id));
			}
			// The trends (one statement for every frame) give each objective the same result.
			const frame = { planId, year: 2022, date, settings: byPhases };
			const framed = evaluateFrames(db, [frame]).get(frame)!;
			expect(framed.map((o) => [o.code, o.achievement])).toEqual(on.map((o) => [o.code, o.achievement]));
		}
	});

	it('2022-B7-OP-02: its one phase, due 31/12 and still in progress, makes 0 %; at 30/06 nothing is due yet', async () => {
		const id = await idOf('2022-B7-OP-02');
		const [end] = await evaluateScope(db, { planId, objectiveId: id }, '2022-12-31', byPhases);
		expect([end.achievement.score, end.achievement.status, end.achievement.byPhases?.kind]).toEqual([0, 'off_track', 'measured']);
		const [mid] = await evaluateScope(db, { planId, objectiveId: id }, '2022-06-30', byPhases);
		expect([mid.achievement.score, mid.achievement.status, mid.achievement.byPhases?.kind]).toEqual([null, 'not_measured', 'not_due']);
	});
});

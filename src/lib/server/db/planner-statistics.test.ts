import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openMigratedDatabase, type Db } from './database';
import { PlanBuilder } from '../testing/plan-builder';
import { indicatorsOfPlan } from '../entry.repository';
import { OWNER_SQL, ownedBySql } from '../ownership';

/** A plan with many directors: a director's objectives are a small part of the plan's. */
function manyDirectors(): PlanBuilder {
	const plan = new PlanBuilder().newPlan(2022);
	for (let d = 0; d < 40; d++) {
		for (let o = 0; o < 10; o++) {
			const code = `OB-${d}-${o}`;
			plan.newObjective({ anno: 2022, codice: code, dirigente: `Dirigente ${d}`, cdr_codice: `C${d}` });
			// Every third objective's second indicator is entered by the next director, not the lead.
			for (let i = 0; i < 2; i++) plan.newIndicator({ anno: 2022, codice_obiettivo: code, codice: `${code}-I${i}`, target: 10, dirigente: i === 1 && o % 3 === 0 ? `Dirigente ${(d + 1) % 40}` : null });
		}
	}
	return plan;
}

/** How SQLite runs a director's rows of the Da aggiornare form (entry.repository's listEntryRows). */
function planOfDirectorQuery(db: Db): string {
	const { id: planId } = db.sqlite.prepare('SELECT id FROM plan').get() as { id: number };
	const { id: directorId } = db.sqlite.prepare("SELECT id FROM director WHERE name = 'Dirigente 7'").get() as { id: number };
	const q = indicatorsOfPlan(db, planId).where('o.director_id', '=', directorId).select(['i.id', 'i.code']).orderBy('o.position').orderBy('i.position').compile();
	return (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
}

const opened: Db[] = [];
afterEach(async () => {
	for (const db of opened.splice(0)) await db.close();
});

describe('statistics for the query planner', () => {
	it('an import leaves them, so a director’s rows are found through the director’s index', async () => {
		const db = await openMigratedDatabase(':memory:');
		opened.push(db);
		manyDirectors().importInto(db);
		expect(db.sqlite.prepare('SELECT count(*) AS n FROM sqlite_stat1').get()).toMatchObject({ n: expect.any(Number) });
		expect(planOfDirectorQuery(db)).toMatch(/USING INDEX objective_director/);
	});

	it('a database without them (made before) gets them when the server opens it', async () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'statistiche-')), 'db.sqlite');
		const first = await openMigratedDatabase(file);
		manyDirectors().importInto(first);
		first.sqlite.exec('DROP TABLE sqlite_stat1');
		await first.close();

		const db = await openMigratedDatabase(file);
		opened.push(db);
		const { n } = db.sqlite.prepare("SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'objective'").get() as { n: number };
		expect(n).toBeGreaterThan(0);
		expect(planOfDirectorQuery(db)).toMatch(/USING INDEX objective_director/);
	});

	it('finds the indicators a director enters through the directors’ indexes, the same ones as the ownership rule', async () => {
		const db = await openMigratedDatabase(':memory:');
		opened.push(db);
		manyDirectors().importInto(db);
		const { id: planId } = db.sqlite.prepare('SELECT id FROM plan').get() as { id: number };
		const directors = db.sqlite.prepare('SELECT id FROM director').pluck().all() as number[];
		for (const d of directors) {
			const byRule = db.sqlite.prepare(`SELECT i.id FROM indicator i JOIN objective o ON o.id = i.objective_id WHERE o.plan_id = ? AND ${OWNER_SQL} = ? ORDER BY i.id`).pluck().all(planId, d);
			const q = indicatorsOfPlan(db, planId).where(ownedBySql(d)).select('i.id').orderBy('i.id').compile();
			expect(db.sqlite.prepare(q.sql).pluck().all(...(q.parameters as unknown[])), `dirigente ${d}`).toEqual(byRule);
		}
		const q = indicatorsOfPlan(db, planId).where(ownedBySql(directors[7])).select('i.id').compile();
		const plan = (db.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...(q.parameters as unknown[])) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
		expect(plan).toMatch(/objective_director/);
		expect(plan).toMatch(/indicator_director/);
		expect(plan).not.toMatch(/SCAN|objective_plan_position/);
	});
});

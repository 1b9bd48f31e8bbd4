import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openMigratedDatabase, type Db } from './database';
import { PlanBuilder } from '../testing/plan-builder';
import { indicatorsOfPlan } from '../entry.repository';

/** A plan with many directors: a director's objectives are a small part of the plan's. */
function manyDirectors(): PlanBuilder {
	const plan = new PlanBuilder().newPlan(2022);
	for (let d = 0; d < 40; d++) {
		for (let o = 0; o < 10; o++) {
			const code = `OB-${d}-${o}`;
			plan.newObjective({ anno: 2022, codice: code, dirigente: `Dirigente ${d}`, cdr_codice: `C${d}` });
			for (let i = 0; i < 2; i++) plan.newIndicator({ anno: 2022, codice_obiettivo: code, codice: `${code}-I${i}`, target: 10 });
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
});

/**
 * The shipped data: the Provincia di Lucca's PIAO 2022, table 2.2.2, curated into import/piao-2022.
 * Expected numbers are read off the source document (../shared/seeds/piao-2022-provincia-lucca.txt).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './db/database';
import { freshDb, loadShippedPlan } from './testing/db';

let db: Db;
beforeAll(async () => {
	db = await freshDb();
	loadShippedPlan(db);
});
afterAll(async () => {
	await db.close();
});

const count = (sql: string) => (db.sqlite.prepare(sql).pluck().get() as number) ?? 0;

describe('the shipped PIAO 2022 plan', () => {
	it('has the plan, its body and title as data', () => {
		expect(db.sqlite.prepare('SELECT year, body, title FROM plan').all()).toEqual([
			{ year: 2022, body: 'Provincia di Lucca', title: 'PIAO 2022-2024 – Piano integrato di attività e organizzazione' }
		]);
	});

	it('has 77 objectives, 6 public values, 24 responsibility centres and 7 directors', () => {
		expect(count('SELECT count(*) FROM objective')).toBe(77);
		expect(count('SELECT count(*) FROM public_value')).toBe(6);
		expect(count('SELECT count(*) FROM responsibility_centre')).toBe(24);
		expect(count('SELECT count(*) FROM director')).toBe(7);
	});

	it('groups objectives by public value as the document does', () => {
		expect(db.sqlite.prepare('SELECT v.name, count(*) AS n FROM objective o JOIN public_value v ON v.id = o.public_value_id GROUP BY v.name ORDER BY v.name').all()).toEqual([
			{ name: 'Accountability, benessere organizzativo', n: 21 },
			{ name: 'Benessere scolastico ed educativo', n: 10 },
			{ name: 'Benessere socio-ambientale', n: 10 },
			{ name: 'Benessere socio-culturale', n: 13 },
			{ name: 'Benessere territoriale e sicurezza', n: 9 },
			{ name: 'Public governance', n: 14 }
		]);
	});

	it('lists the seven directors', () => {
		expect(db.sqlite.prepare('SELECT name FROM director ORDER BY name').pluck().all()).toEqual([
			'Fabrizio Mechini', 'Francesca Lazzari', 'Luigi De Angelis', 'Massimiliano Bendinelli', 'Paolo Benedetti', 'Pierluigi Saletti', 'Roberto Gerardi'
		]);
	});

	it('keeps the two quirks of the document: H1-OP-02 is one objective with an added phase, H1-OP-07 has nothing', () => {
		expect(count("SELECT count(*) FROM objective WHERE code = '2022-H1-OP-02'")).toBe(1);
		expect(count("SELECT count(*) FROM phase f JOIN objective o ON o.id = f.objective_id WHERE o.code = '2022-H1-OP-02'")).toBe(2);
		expect(count("SELECT count(*) FROM phase f JOIN objective o ON o.id = f.objective_id WHERE o.code = '2022-H1-OP-07'")).toBe(0);
		expect(count("SELECT count(*) FROM indicator i JOIN objective o ON o.id = i.objective_id WHERE o.code = '2022-H1-OP-07'")).toBe(0);
	});

	it('sums phase amounts per objective to the euro cent', () => {
		const sums = db.sqlite
			.prepare('SELECT o.code, sum(f.amount_cents) AS cents FROM phase f JOIN objective o ON o.id = f.objective_id WHERE f.amount_cents IS NOT NULL GROUP BY o.code ORDER BY o.code')
			.all() as Array<{ code: string; cents: number }>;
		const byCode = Object.fromEntries(sums.map((s) => [s.code, s.cents]));
		// The sums below are written out from the document, amount by amount.
		expect(byCode['2022-H1-OP-03']).toBe(EXPECTED_H1_OP_03);
		expect(byCode['2022-H1-OP-04']).toBe(EXPECTED_H1_OP_04);
	});

	it('states targets only where the document does', () => {
		const targets = db.sqlite.prepare('SELECT code, type, target, target_date, unit FROM indicator WHERE target IS NOT NULL OR target_date IS NOT NULL').all();
		expect(targets).toEqual(expect.arrayContaining([
			{ code: '2022-A7-OP-01-I01', type: 'si_no', target: 1, target_date: null, unit: null },
			{ code: '2022-B7-OP-01-I01', type: 'numero', target: 26, target_date: null, unit: 'schede' },
			{ code: '2022-C5-OP-01-I03', type: 'percentuale', target: 20, target_date: null, unit: '%' },
			{ code: '2022-N1-OP-04-I01', type: 'numero', target: 1, target_date: null, unit: 'convenzioni' }
		]));
	});
});

// Amounts of the phases of each objective, added up by hand from the source document.
// 9.294.542,81 + 4.986.492,15 + 14.108.150,00 + 8.283.641,77 + 629.390,30 + 1.770.398,98 + 13.455.000,00 + 150.000,00 + 900.000,00 + 580.000,00
const EXPECTED_H1_OP_03 = 5_415_761_601;
// 15.886.310,78 + 2.600.000,00 + 3.550.000,00 + 5.544.843,94 + 3.660.191,98 + 720.000,00 + 1.377.145,86 + 230.000,00 + 200.000,00 + 90.000,00 + 370.000,00
const EXPECTED_H1_OP_04 = 3_422_849_256;

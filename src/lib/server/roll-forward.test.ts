/** Roll forward: next year's plan from this year's, by code, with no values; refused over an existing plan unless asked. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db/database';
import { dumpDatabase, freshDb } from './testing/db';
import { ids, PlanBuilder } from './testing/plan-builder';
import { rollForward, shiftTitleYears } from './roll-forward.service';
import { planRulesLocked, readPlanRules, writePlanRules } from './rules.repository';
import { DEFAULT_SETTINGS } from '../achievement/rules';

const ADMIN = { userId: null, name: 'prova' };

function plan2022(): PlanBuilder {
	return new PlanBuilder()
		.newPlan(2022, 'Provincia di Prova', 'PIAO 2022-2024')
		.newObjective({ anno: 2022, codice: 'OB-T', peso: 30, missione: '01 Servizi istituzionali', programma: '0102', obiettivo_strategico: 'OS1 Digitale' })
		.newObjective({ anno: 2022, codice: 'OB-B', dirigente: 'Bruno Verdi', cdr_codice: 'CDR2', cdr_nome: 'Edilizia', valore_pubblico: 'Scuole', peso: 70 })
		.newAssignment({ anno: 2022, codice_obiettivo: 'OB-T', dirigente: 'Anna Rossi', quota: 60 })
		.newAssignment({ anno: 2022, codice_obiettivo: 'OB-T', dirigente: 'Bruno Verdi', cdr_codice: 'CDR2', quota: 40 })
		.newPhase({ anno: 2022, codice_obiettivo: 'OB-T', numero: 1, descrizione: 'Gara', importo: '1500.50', data_inizio: '2022-02-28', data_fine: '2022-12-31' })
		.newIndicator({ anno: 2022, codice_obiettivo: 'OB-T', codice: 'I182', tipo: 'percentuale', target: 90, baseline: 80, dimensione: 'qualita', formula: 'evase / ricevute', numeratore: 'evase', denominatore: 'ricevute', dirigente: 'Bruno Verdi' })
		.newIndicator({ anno: 2022, codice_obiettivo: 'OB-B', codice: 'D1', tipo: 'data', target: '2022-06-30' })
		.newMeasurement({ anno: 2022, codice_indicatore: 'I182', data: '2022-12-31', valore: 85 });
}

describe('roll forward', () => {
	let db: Db;
	beforeEach(async () => {
		db = await freshDb();
		plan2022().importInto(db);
	});
	afterEach(async () => {
		await db.close();
	});

	it('copies objectives, shares, phases and indicators by code, with weights, targets and DUP links, and no values', () => {
		const result = rollForward(db, ADMIN, { from: 2022, to: 2023 });
		expect(result).toEqual({ ok: true, created: { plan: 1, publicValues: 2, centres: 2, objectives: 2, assignments: 2, phases: 1, indicators: 2 } });
		const dump = dumpDatabase(db);
		const of = (table: string, year: number) => (dump[table] as Array<Record<string, unknown>>).filter((r) => r.year === year).map(({ year: _y, ...rest }) => rest);
		expect(dump.plan).toContainEqual({ year: 2023, body: 'Provincia di Prova', title: 'PIAO 2023-2025' });
		expect(of('objective', 2023)).toEqual(of('objective', 2022));
		expect(of('objective_assignment', 2023)).toEqual(of('objective_assignment', 2022));
		expect(of('indicator', 2023)).toEqual(
			of('indicator', 2022).map((i) => (i.code === 'D1' ? { ...i, target_date: '2023-06-30' } : i))
		);
		expect(of('phase', 2023)).toEqual([{ code: 'OB-T', number: 1, description: 'Gara', amount_cents: 150050, start_date: '2023-02-28', end_date: '2023-12-31' }]);
		expect(of('measurement', 2023)).toEqual([]);
		expect(db.sqlite.prepare('SELECT count(*) FROM monitoring_period').pluck().get()).toBe(0);
		const audit = db.sqlite.prepare(`SELECT actor, ref, after FROM audit_log WHERE action = 'nuovo anno'`).get() as { actor: string; ref: string; after: string };
		expect(audit.ref).toBe('2022 → 2023');
		expect(JSON.parse(audit.after)).toMatchObject({ objectives: 2, indicators: 2, modo: 'piano nuovo' });
		// The 2023 indicator is a different row of the same lineage.
		expect(ids(db).indicator(2023, 'I182')).not.toBe(ids(db).indicator(2022, 'I182'));
	});

	it('refuses a target year that has a plan, changing nothing; with only-missing it adds the codes that are not there and touches nothing else', () => {
		new PlanBuilder().newPlan(2023).newObjective({ anno: 2023, codice: 'OB-T', titolo: 'Già riscritto per il 2023', peso: 50 }).importInto(db);
		const before = dumpDatabase(db);
		const refused = rollForward(db, ADMIN, { from: 2022, to: 2023 });
		expect(refused.ok).toBe(false);
		expect(refused.ok === false && refused.message).toMatch(/Il piano 2023 esiste già/);
		expect(dumpDatabase(db)).toEqual(before);

		const added = rollForward(db, ADMIN, { from: 2022, to: 2023, onlyMissing: true });
		expect(added).toEqual({ ok: true, created: { plan: 0, publicValues: 1, centres: 1, objectives: 1, assignments: 2, phases: 1, indicators: 2 } });
		const o = db.sqlite.prepare(`SELECT title, weight FROM objective WHERE id = ?`).get(ids(db).objective(2023, 'OB-T'));
		expect(o).toEqual({ title: 'Già riscritto per il 2023', weight: 50 });
		// Twice is the same as once.
		const again = rollForward(db, ADMIN, { from: 2022, to: 2023, onlyMissing: true });
		expect(again).toEqual({ ok: true, created: { plan: 0, publicValues: 0, centres: 0, objectives: 0, assignments: 0, phases: 0, indicators: 0 } });
	});

	it('copies the source year’s scoring rules to the new year, unlocked, and says so in the change log; an existing year keeps its own', () => {
		const rules = { ...DEFAULT_SETTINGS, onTrack: 0.8, phaseMeasure: 'importo' as const, bands: [{ from: 0.5, score: 1 }, { from: 0, score: 0 }] };
		db.sqlite.transaction(() => writePlanRules(db, ids(db).plan(2022), { description: 'SMVP 2022, delibera n. 12', rules }, 'prova', new Date()))();
		expect(rollForward(db, ADMIN, { from: 2022, to: 2023 }).ok).toBe(true);
		const copied = readPlanRules(db, ids(db).plan(2023));
		expect(copied).toMatchObject({ stored: true, description: 'SMVP 2022, delibera n. 12', rules });
		expect(planRulesLocked(db, ids(db).plan(2023))).toBe(false);
		const audit = db.sqlite.prepare(`SELECT after FROM audit_log WHERE action = 'nuovo anno'`).pluck().get() as string;
		expect(JSON.parse(audit).regole).toBe('regole di valutazione copiate dal 2022 (modificabili)');
		// Editable in the new year (no lock trigger fires), while 2022 keeps its own.
		db.sqlite.transaction(() => writePlanRules(db, ids(db).plan(2023), { description: 'SMVP 2023', rules: DEFAULT_SETTINGS }, 'prova', new Date()))();
		expect(readPlanRules(db, ids(db).plan(2022)).rules).toEqual(rules);
		// Adding only what is missing to an existing year does not touch its rules.
		expect(rollForward(db, ADMIN, { from: 2022, to: 2023, onlyMissing: true }).ok).toBe(true);
		expect(readPlanRules(db, ids(db).plan(2023))).toMatchObject({ description: 'SMVP 2023', rules: DEFAULT_SETTINGS });
	});

	it('refuses a missing source year and a target before the source', () => {
		expect(rollForward(db, ADMIN, { from: 2021, to: 2022 })).toEqual({ ok: false, message: 'Nessun piano per il 2021: non c’è nulla da riportare.' });
		expect(rollForward(db, ADMIN, { from: 2022, to: 2022 }).ok).toBe(false);
	});

	it('moves the years of a title from the source year on', () => {
		expect(shiftTitleYears('PIAO 2022-2024 (DUP 2021)', 2022, 2023)).toBe('PIAO 2023-2025 (DUP 2021)');
	});
});

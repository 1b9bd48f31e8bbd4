/**
 * A small plan built through the real importer and the real monitoring services, for tests that need
 * a value to travel the whole cycle without leaning on the 77 objectives of the shipped plan.
 */
import type { Db } from '../db/database';
import { importFiles } from '../import/import.service';
import { changePeriod, reviewValue, saveEntries } from '../monitoring.service';
import type { SignedInUser } from '../auth/users.repository';
import { csvInput } from './db';

export const SMALL_PLAN = {
	'piano.csv': 'anno,ente,titolo\n2022,Provincia di Prova,Piano di prova 2022\n',
	'obiettivi.csv':
		'anno,codice,valore_pubblico,titolo,descrizione,cdr_codice,cdr_nome,dirigente,peso\n' +
		'2022,OB-1,Strade sicure,Manutenzione strade,,CDR1,Viabilità,Anna Rossi,\n' +
		'2022,OB-2,Strade sicure,Ponti,,CDR1,Viabilità,Anna Rossi,\n' +
		'2022,OB-3,Scuole,Edilizia scolastica,,CDR2,Edilizia,Bruno Verdi,\n',
	'indicatori.csv':
		'codice_obiettivo,codice,descrizione,tipo,unita,polarita,baseline,target,peso\n' +
		'OB-1,OB-1-I1,Km di strade asfaltate,numero,km,crescente,,100,\n' +
		'OB-2,OB-2-I1,Ponti ispezionati,numero,,crescente,,10,\n' +
		'OB-3,OB-3-I1,Scuole a norma,numero,,crescente,,20,\n'
} as const;

export interface SmallPlan {
	planId: number;
	indicatorId: (code: string) => number;
	directorId: (name: string) => number;
	users: { direzione: SignedInUser; nucleo: SignedInUser; admin: SignedInUser; anna: SignedInUser; bruno: SignedInUser };
}

export function loadSmallPlan(db: Db): SmallPlan {
	const report = importFiles(db, Object.entries(SMALL_PLAN).map(([name, text]) => csvInput(name, text)));
	if (!report.applied) throw new Error(JSON.stringify(report.errors));
	const planId = (db.sqlite.prepare('SELECT id FROM plan WHERE year = 2022').get() as { id: number }).id;
	const indicatorId = (code: string) => (db.sqlite.prepare('SELECT id FROM indicator WHERE code = ?').get(code) as { id: number }).id;
	const directorId = (name: string) => (db.sqlite.prepare('SELECT id FROM director WHERE name = ?').get(name) as { id: number }).id;
	const user = (id: number, username: string, role: SignedInUser['role'], director: string | null = null): SignedInUser => ({
		id,
		username,
		displayName: director ?? username,
		role,
		directorId: director ? directorId(director) : null
	});
	return {
		planId,
		indicatorId,
		directorId,
		users: {
			direzione: user(1, 'direzione', 'direzione'),
			nucleo: user(2, 'nucleo', 'nucleo'),
			admin: user(3, 'admin', 'admin'),
			anna: user(4, 'anna.rossi', 'dirigente', 'Anna Rossi'),
			bruno: user(5, 'bruno.verdi', 'dirigente', 'Bruno Verdi')
		}
	};
}

/** Anna's OB-1-I1 at `date` goes through the whole cycle: entered, submitted, accepted, closed, validated. */
export function validateOneValue(db: Db, plan: SmallPlan, date: string, value = '46,2'): void {
	const { direzione, nucleo, anna } = plan.users;
	const steps: Array<{ ok: boolean }> = [
		changePeriod(db, direzione, plan.planId, date, 'apri', null),
		saveEntries(db, anna, date, [{ indicatorId: plan.indicatorId('OB-1-I1'), rawValue: value, justification: 'lavori rinviati', evidenceUrl: null, evidenceFile: null, expectedVersion: null }], { submit: true })
	];
	const m = db.sqlite.prepare('SELECT id, version FROM measurement WHERE indicator_id = ? AND date = ?').get(plan.indicatorId('OB-1-I1'), date) as { id: number; version: number };
	steps.push(reviewValue(db, direzione, m.id, m.version, 'accetta', null));
	// Both confirmed, as the second click on the page does (other values may still be missing).
	steps.push(changePeriod(db, direzione, plan.planId, date, 'chiudi', null, { confirmed: true }));
	steps.push(changePeriod(db, nucleo, plan.planId, date, 'valida', null, { confirmed: true }));
	for (const s of steps) if (!s.ok) throw new Error(JSON.stringify(s));
}

/**
 * Random sequences of the writes a monitoring campaign makes, through the same services the forms call
 * (values saved, submitted, withdrawn, reviewed, accepted in bulk; phase reports saved): for tests that
 * compare what the server keeps and carries over writes with what it computes from scratch.
 */
import type { Db } from '../db/database';
import type { SignedInUser } from '../auth/users.repository';
import { acceptAll, reviewValue, saveEntries, withdrawValue } from '../monitoring.service';
import { savePhaseReports } from '../phase-progress.service';

/** A seeded generator (the same sequence at every run). */
export function seededRandom(seed: number): () => number {
	let s = seed >>> 0;
	return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

export interface WriteFixture {
	planId: number;
	direzione: SignedInUser;
	/** One signed-in user per director of the plan. */
	directors: SignedInUser[];
	indicators: Array<{ id: number; type: string | null; directorId: number }>;
	phases: Array<{ id: number; directorId: number }>;
}

export function writeFixture(db: Db): WriteFixture {
	const planId = (db.sqlite.prepare('SELECT id FROM plan').get() as { id: number }).id;
	const directors = (db.sqlite.prepare('SELECT id, name FROM director ORDER BY id').all() as Array<{ id: number; name: string }>).map(
		(d, n): SignedInUser => ({ id: 100 + n, username: `d${d.id}`, displayName: d.name, role: 'dirigente', directorId: d.id })
	);
	const indicators = db.sqlite
		.prepare('SELECT i.id, i.type, o.director_id AS directorId FROM indicator i JOIN objective o ON o.id = i.objective_id ORDER BY i.id')
		.all() as WriteFixture['indicators'];
	const phases = db.sqlite.prepare('SELECT f.id, o.director_id AS directorId FROM phase f JOIN objective o ON o.id = f.objective_id ORDER BY f.id').all() as WriteFixture['phases'];
	return { planId, direzione: { id: 1, username: 'direzione', displayName: 'Direzione', role: 'direzione', directorId: null }, directors, indicators, phases };
}

function valueFor(type: string | null, r: () => number): string {
	if (type === 'si_no') return r() < 0.5 ? 'sì' : 'no';
	if (type === 'data') return `${String(1 + Math.floor(r() * 28)).padStart(2, '0')}/0${1 + Math.floor(r() * 9)}/2022`;
	// 0-200 with two decimals, written with the decimal comma as a director types it (no thousands).
	return String(Math.round(r() * 20000) / 100).replace('.', ',');
}

/** One random value write at an open date, as the forms make them; says which kind it was. */
export function randomValueWrite(db: Db, f: WriteFixture, date: string, r: () => number): 'bozza' | 'invia' | 'ritira' | 'rivedi' | 'accetta tutti' {
	const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
	const kind = r();
	const submitted = db.sqlite
		.prepare("SELECT m.id, m.version, o.director_id AS directorId FROM measurement m JOIN indicator i ON i.id = m.indicator_id JOIN objective o ON o.id = i.objective_id WHERE m.date = ? AND m.state = 'inviato'")
		.all(date) as Array<{ id: number; version: number; directorId: number }>;
	if (kind < 0.55 || submitted.length === 0) {
		const ind = pick(f.indicators);
		const user = f.directors.find((d) => d.directorId === ind.directorId)!;
		const version = (db.sqlite.prepare('SELECT version FROM measurement WHERE indicator_id = ? AND date = ?').get(ind.id, date) as { version: number } | undefined)?.version ?? 0;
		const submit = r() < 0.6;
		saveEntries(db, user, date, [{ indicatorId: ind.id, rawValue: valueFor(ind.type, r), justification: 'scostamento spiegato', evidenceUrl: null, evidenceFile: null, expectedVersion: version }], { submit });
		return submit ? 'invia' : 'bozza';
	}
	const m = pick(submitted);
	if (kind < 0.7) {
		withdrawValue(db, f.directors.find((d) => d.directorId === m.directorId)!, m.id, m.version);
		return 'ritira';
	}
	if (kind < 0.9) {
		reviewValue(db, f.direzione, m.id, m.version, r() < 0.7 ? 'accetta' : 'restituisci', 'da rivedere');
		return 'rivedi';
	}
	const mine = submitted.filter((s) => s.directorId === m.directorId);
	acceptAll(db, f.direzione, m.directorId, mine.map((s) => ({ id: s.id, version: s.version })));
	return 'accetta tutti';
}

/** One random phase report at an open date (a state, a percentage, actual dates), saved or submitted. Whether it was accepted. */
export function randomPhaseReport(db: Db, f: WriteFixture, date: string, r: () => number): boolean {
	const statuses = ['in corso', 'completata', 'sospesa', 'non avviata'];
	const phase = f.phases[Math.floor(r() * f.phases.length)];
	const user = f.directors.find((d) => d.directorId === phase.directorId)!;
	const version = (db.sqlite.prepare('SELECT version FROM phase_progress WHERE phase_id = ? AND date = ?').get(phase.id, date) as { version: number } | undefined)?.version ?? 0;
	const status = statuses[Math.floor(r() * statuses.length)];
	const saved = savePhaseReports(
		db,
		user,
		date,
		[{ phaseId: phase.id, status, percent: status === 'in corso' ? '40' : '', actualStart: status === 'non avviata' ? '' : '2022-02-01', actualEnd: status === 'completata' ? '2022-06-01' : '', note: '', expectedVersion: version }],
		{ submit: r() < 0.7 }
	);
	return saved.ok;
}

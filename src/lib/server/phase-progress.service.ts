/**
 * Phase progress through the monitoring cycle, as for values: the director of an objective reports its
 * phases at an open monitoring date (draft, then submitted), the general direction accepts or returns
 * each report, the Nucleo's validation of the date locks them (monitoring.service's changePeriod, and
 * the database's triggers). Planned dates are set by the director or the direction; once a report of
 * the phase is validated a change needs a reason. Every check here, on the server; every change in one
 * transaction with its line in the change log.
 */
import { parseDate, parseNumber } from '../interchange/dialect';
import { phaseProgressProblem } from '../interchange/phase-progress-rows';
import { PHASE_STATUS_LABELS, PHASE_STATUSES, type MeasurementState, type PhaseStatus } from '../vocabulary';
import type { Db } from './db/database';
import type { Row } from './db/schema';
import { appendAudit } from './audit';
import type { SignedInUser } from './auth/users.repository';
import { actorOf, Forbidden, periodState, STATE_LABELS } from './monitoring.service';

export interface PhaseReportInput {
	phaseId: number;
	/** As chosen or written: `in_corso`, `in corso`, `Completata`. Empty: nothing to save for this phase. */
	status: string;
	/** `40`, `12,5`; empty: none. */
	percent: string;
	/** yyyy-mm-dd (the date picker) or 30/06/2022. */
	actualStart: string;
	actualEnd: string;
	note: string;
	/** The version the form was built on (0 = no report then); null skips the check (file upload). */
	expectedVersion: number | null;
	place?: { file: string; line: number };
	/** The file's separator, to read its numbers by its dialect; absent for the form (Italian typing). */
	delimiter?: string;
	source?: string | null;
}

export type PhaseField = 'stato' | 'percentuale' | 'data_inizio_effettiva' | 'data_fine_effettiva' | 'nota' | 'versione';

export interface PhaseProblem {
	phaseId: number;
	field: PhaseField;
	message: string;
	place?: { file: string; line: number };
}

const EDITABLE_BY_DIRECTOR: MeasurementState[] = ['bozza', 'restituito'];

type PhaseRow = Row<'phase', 'id' | 'number' | 'objective_id' | 'start_date' | 'end_date'> & { objective_code: string; director_id: number; plan_id: number };
type ReportRow = Row<'phase_progress', 'id' | 'status' | 'percent' | 'actual_start' | 'actual_end' | 'note' | 'source' | 'state' | 'version'>;

const PHASE_SQL = `SELECT f.id, f.number, f.objective_id, f.start_date, f.end_date, o.code AS objective_code, o.director_id, o.plan_id
                   FROM phase f JOIN objective o ON o.id = f.objective_id WHERE f.id = ?`;

/** «fase 2 di 2022-H1-OP-03»: how the log and the messages name a phase. */
export const phaseRef = (p: { number: number; objective_code: string }) => `fase ${p.number} di ${p.objective_code}`;

function normaliseStatus(raw: string): PhaseStatus | null {
	const v = raw.trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[\s-]+/g, '_');
	return (PHASE_STATUSES as readonly string[]).includes(v) ? (v as PhaseStatus) : null;
}

class Rollback extends Error {}

/**
 * Saves a director's reports on his phases for one monitoring date, as drafts or submitted. All or
 * nothing. Throws Forbidden when a phase is not of an objective he leads (he enters its values too).
 */
export function savePhaseReports(
	db: Db,
	user: SignedInUser,
	date: string,
	inputs: PhaseReportInput[],
	options: { submit: boolean; now?: Date }
): { ok: true; saved: number } | { ok: false; problems: PhaseProblem[] } {
	if (user.role !== 'dirigente' || user.directorId === null) throw new Forbidden('Solo il dirigente dell’obiettivo dichiara l’avanzamento delle sue fasi.');
	const s = db.sqlite;
	const now = (options.now ?? new Date()).toISOString();
	const phaseStmt = s.prepare<[number], PhaseRow>(PHASE_SQL);
	const reportStmt = s.prepare<[number, string], ReportRow>(
		'SELECT id, status, percent, actual_start, actual_end, note, source, state, version FROM phase_progress WHERE phase_id = ? AND date = ?'
	);
	const problems: PhaseProblem[] = [];
	let saved = 0;
	try {
		s.transaction(() => {
			for (const input of inputs) {
				const phase = phaseStmt.get(input.phaseId);
				if (!phase || phase.director_id !== user.directorId) throw new Forbidden(`La fase ${phase ? phaseRef(phase) : input.phaseId} non è di un obiettivo assegnato a ${user.displayName}.`);
				const problem = (field: PhaseField, message: string) => problems.push({ phaseId: phase.id, field, message, place: input.place });
				const state = periodState(db, phase.plan_id, date);
				if (state !== 'aperto') {
					problem('stato', state === 'validato' ? `la data ${date} è validata dal Nucleo: l’avanzamento è bloccato` : `la data ${date} non è aperta all’inserimento`);
					continue;
				}
				if (input.status.trim() === '') continue; // nothing chosen: no change
				const existing = reportStmt.get(phase.id, date);
				if (input.expectedVersion !== null && (existing?.version ?? 0) !== input.expectedVersion) {
					problem('versione', 'nel frattempo qualcun altro ha salvato l’avanzamento di questa fase: controllalo e salva di nuovo');
					continue;
				}
				if (existing && !EDITABLE_BY_DIRECTOR.includes(existing.state)) {
					problem('stato', `avanzamento già ${STATE_LABELS[existing.state].toLowerCase()}: non si può più modificare`);
					continue;
				}
				const status = normaliseStatus(input.status);
				if (!status) {
					problem('stato', `«${input.status}» non è uno stato della fase (${PHASE_STATUSES.map((p) => PHASE_STATUS_LABELS[p]).join(', ')})`);
					continue;
				}
				let percent: number | null = null;
				if (input.percent.trim() !== '') {
					percent = parseNumber(input.percent.trim().replace(/\s*%$/, ''), input.delimiter ?? ';');
					if (percent === null) {
						problem('percentuale', `«${input.percent}» non è un numero (esempio: 40 o 12,5)`);
						continue;
					}
				}
				const dates: Record<'actualStart' | 'actualEnd', string | null> = { actualStart: null, actualEnd: null };
				let badDate = false;
				for (const [key, field] of [['actualStart', 'data_inizio_effettiva'], ['actualEnd', 'data_fine_effettiva']] as const) {
					const raw = input[key].trim();
					if (raw === '') continue;
					const d = parseDate(raw);
					if (d === null) {
						problem(field, `«${raw}» non è una data valida (esempi: 30/06/2022 · 2022-06-30)`);
						badDate = true;
					} else dates[key] = d;
				}
				if (badDate) continue;
				const coherence = phaseProgressProblem({ date, status, percent, actualStart: dates.actualStart, actualEnd: dates.actualEnd });
				if (coherence) {
					problem(coherence.field as PhaseField, coherence.message);
					continue;
				}
				const note = input.note.trim() || null;
				if (note && note.length > 4000) {
					problem('nota', 'nota troppo lunga (al massimo 4.000 caratteri)');
					continue;
				}
				if (problems.length > 0) continue; // keep checking, write nothing
				const source = input.source?.trim() || existing?.source || 'dirigente';
				const nextState: MeasurementState = options.submit ? 'inviato' : existing?.state === 'restituito' ? 'restituito' : 'bozza';
				const after = { status, percent, actual_start: dates.actualStart, actual_end: dates.actualEnd, note, state: nextState };
				// Saving the table again must not rewrite, re-version and re-log what nobody touched.
				if (
					existing &&
					existing.state === nextState &&
					existing.status === status &&
					existing.percent === percent &&
					existing.actual_start === dates.actualStart &&
					existing.actual_end === dates.actualEnd &&
					existing.note === note
				) {
					continue;
				}
				if (!existing) {
					s.prepare(
						`INSERT INTO phase_progress (phase_id, date, status, percent, actual_start, actual_end, note, source, entered_by, entered_at, state, version)
						 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`
					).run(phase.id, date, status, percent, dates.actualStart, dates.actualEnd, note, source, user.username, now, nextState);
				} else {
					const changed = s
						.prepare(
							`UPDATE phase_progress SET status = ?, percent = ?, actual_start = ?, actual_end = ?, note = ?, source = ?, entered_by = ?, entered_at = ?, state = ?,
							 version = version + 1, review_comment = CASE WHEN ? = 'inviato' THEN NULL ELSE review_comment END WHERE id = ? AND version = ?`
						)
						.run(status, percent, dates.actualStart, dates.actualEnd, note, source, user.username, now, nextState, nextState, existing.id, existing.version).changes;
					if (changed !== 1) throw new Error('aggiornamento concorrente inatteso');
				}
				appendAudit(db, actorOf(user), {
					action: options.submit ? 'avanzamento fase inviato' : input.place ? 'avanzamento fase caricato da CSV in bozza' : 'avanzamento fase salvato in bozza',
					entity: 'fase',
					ref: `${phaseRef(phase)} al ${date}${input.place ? ` (da ${input.place.file}, riga ${input.place.line})` : ''}`,
					objectiveId: phase.objective_id,
					before: existing ? { status: existing.status, percent: existing.percent, actual_start: existing.actual_start, actual_end: existing.actual_end, note: existing.note, state: existing.state } : null,
					after
				});
				saved++;
			}
			if (problems.length > 0) throw new Rollback();
		})();
	} catch (e) {
		if (e instanceof Rollback) return { ok: false, problems };
		throw e;
	}
	return { ok: true, saved };
}

/** The general direction accepts a submitted phase report, or returns it with a comment. */
export function reviewPhaseReport(
	db: Db,
	user: SignedInUser,
	reportId: number,
	expectedVersion: number,
	decision: 'accetta' | 'restituisci',
	comment: string | null
): { ok: true } | { ok: false; message: string } {
	if (user.role !== 'direzione' && user.role !== 'admin') throw new Forbidden('La revisione dell’avanzamento delle fasi spetta alla Direzione generale.');
	const text = comment?.trim() || null;
	if (decision === 'restituisci' && !text) return { ok: false, message: 'Per restituire l’avanzamento di una fase serve un commento che dica cosa correggere.' };
	return db.sqlite.transaction(() => {
		const r = db.sqlite
			.prepare<[number], Row<'phase_progress', 'id' | 'state' | 'version' | 'date'> & PhaseRow>(
				`SELECT pp.id, pp.state, pp.version, pp.date, f.number, f.objective_id, o.code AS objective_code
				 FROM phase_progress pp JOIN phase f ON f.id = pp.phase_id JOIN objective o ON o.id = f.objective_id WHERE pp.id = ?`
			)
			.get(reportId);
		if (!r) return { ok: false as const, message: 'Avanzamento inesistente.' };
		if (r.version !== expectedVersion) return { ok: false as const, message: `L’avanzamento della ${phaseRef(r)} è cambiato nel frattempo: ricarica la pagina.` };
		if (r.state !== 'inviato') return { ok: false as const, message: `L’avanzamento della ${phaseRef(r)} è «${STATE_LABELS[r.state]}», non «Inviato».` };
		const next: MeasurementState = decision === 'accetta' ? 'accettato' : 'restituito';
		db.sqlite.prepare('UPDATE phase_progress SET state = ?, review_comment = ?, version = version + 1 WHERE id = ?').run(next, text, r.id);
		appendAudit(db, actorOf(user), {
			action: decision === 'accetta' ? 'avanzamento fase accettato' : 'avanzamento fase restituito',
			entity: 'fase',
			ref: `${phaseRef(r)} al ${r.date}`,
			objectiveId: r.objective_id,
			before: { state: r.state },
			after: { state: next },
			reason: text
		});
		return { ok: true as const };
	})();
}

type ReviewedRow = Row<'phase_progress', 'id' | 'state' | 'version' | 'date'> & Pick<PhaseRow, 'number' | 'objective_id' | 'objective_code' | 'director_id' | 'plan_id'>;
const REPORT_SQL = `SELECT pp.id, pp.state, pp.version, pp.date, f.number, f.objective_id, o.code AS objective_code, o.director_id, o.plan_id
                    FROM phase_progress pp JOIN phase f ON f.id = pp.phase_id JOIN objective o ON o.id = f.objective_id WHERE pp.id = ?`;

/** A report moving from one review state to another, in the log as the values' moves are. */
function auditReviewMove(db: Db, user: SignedInUser, r: ReviewedRow, action: string, next: MeasurementState, reason: string | null = null): void {
	appendAudit(db, actorOf(user), {
		action,
		entity: 'fase',
		ref: `${phaseRef(r)} al ${r.date}`,
		objectiveId: r.objective_id,
		before: { state: r.state },
		after: { state: next },
		reason
	});
}

/**
 * The director takes back a phase report he submitted, before the direction reviewed it: it returns to
 * draft (keeping what he wrote) so he can correct it and send it again. As withdrawValue for values.
 */
export function withdrawPhaseReport(db: Db, user: SignedInUser, reportId: number, expectedVersion: number): { ok: true; ref: string } | { ok: false; message: string } {
	if (user.role !== 'dirigente' || user.directorId === null) throw new Forbidden('Solo il dirigente che ha inviato l’avanzamento di una fase può ritirarlo.');
	return db.sqlite.transaction(() => {
		const r = db.sqlite.prepare<[number], ReviewedRow>(REPORT_SQL).get(reportId);
		// Someone else's report, or none: the same refusal, so ids cannot be probed.
		if (!r || r.director_id !== user.directorId) throw new Forbidden('Questo avanzamento non è tra i tuoi: puoi ritirare solo l’avanzamento delle fasi dei tuoi obiettivi.');
		if (r.version !== expectedVersion) return { ok: false as const, message: `L’avanzamento della ${phaseRef(r)} è cambiato nel frattempo: ricarica la pagina.` };
		if (r.state !== 'inviato') return { ok: false as const, message: `L’avanzamento della ${phaseRef(r)} è «${STATE_LABELS[r.state]}»: si ritira solo un avanzamento inviato e non ancora rivisto.` };
		if (periodState(db, r.plan_id, r.date) !== 'aperto') return { ok: false as const, message: `La data ${r.date} non è più aperta: l’avanzamento non si può ritirare.` };
		db.sqlite.prepare("UPDATE phase_progress SET state = 'bozza', version = version + 1 WHERE id = ? AND version = ?").run(r.id, r.version);
		auditReviewMove(db, user, r, 'avanzamento fase ritirato', 'bozza');
		return { ok: true as const, ref: phaseRef(r) };
	})();
}

class BulkRefused extends Error {}

/**
 * Accepts, in one transaction, every phase report of one director that the direction had in front of
 * it (ids with the versions shown). If any changed meanwhile, is no longer submitted or is not that
 * director's, nothing is accepted. As acceptAll for values.
 */
export function acceptAllPhaseReports(
	db: Db,
	user: SignedInUser,
	directorId: number,
	shown: Array<{ id: number; version: number }>
): { ok: true; accepted: number } | { ok: false; message: string } {
	if (user.role !== 'direzione' && user.role !== 'admin') throw new Forbidden('Accettare l’avanzamento delle fasi spetta alla Direzione generale.');
	if (shown.length === 0) return { ok: false, message: 'Nessun avanzamento di fase da accettare.' };
	if (new Set(shown.map((v) => v.id)).size !== shown.length) return { ok: false, message: 'Richiesta non valida: lo stesso avanzamento compare due volte.' };
	const get = db.sqlite.prepare<[number], ReviewedRow>(REPORT_SQL);
	const accept = db.sqlite.prepare("UPDATE phase_progress SET state = 'accettato', review_comment = NULL, version = version + 1 WHERE id = ?");
	// Any refusal throws, so that the reports accepted before it in the loop roll back with it.
	try {
		return db.sqlite.transaction(() => {
			for (const v of shown) {
				const r = get.get(v.id);
				if (!r || r.director_id !== directorId) throw new BulkRefused('Uno degli avanzamenti non è di questo dirigente: nessun avanzamento accettato.');
				if (r.version !== v.version || r.state !== 'inviato') throw new BulkRefused(`L’avanzamento della ${phaseRef(r)} è cambiato nel frattempo: nessun avanzamento accettato. Ricarica la pagina e controlla.`);
				accept.run(r.id);
				auditReviewMove(db, user, r, 'avanzamento fase accettato', 'accettato');
			}
			return { ok: true as const, accepted: shown.length };
		})();
	} catch (e) {
		if (e instanceof BulkRefused) return { ok: false, message: e.message };
		throw e;
	}
}

/**
 * Sets a phase's planned start and end: its director, or the general direction. Once a report of the
 * phase is validated, the plan the Nucleo judged it against is on record: a change needs a reason.
 */
export function setPlannedDates(
	db: Db,
	user: SignedInUser,
	phaseId: number,
	rawStart: string,
	rawEnd: string,
	reason: string | null
): { ok: true; changed: boolean } | { ok: false; message: string } {
	const byDirection = user.role === 'direzione' || user.role === 'admin';
	if (!byDirection && !(user.role === 'dirigente' && user.directorId !== null)) throw new Forbidden('Le date previste delle fasi le fissano il dirigente dell’obiettivo o la Direzione generale.');
	const parse = (raw: string, label: string): string | null | { error: string } => {
		if (raw.trim() === '') return null;
		return parseDate(raw.trim()) ?? { error: `${label}: «${raw.trim()}» non è una data valida (esempi: 30/06/2022 · 2022-06-30)` };
	};
	const start = parse(rawStart, 'Inizio previsto');
	const end = parse(rawEnd, 'Fine prevista');
	if (start && typeof start === 'object') return { ok: false, message: start.error };
	if (end && typeof end === 'object') return { ok: false, message: end.error };
	if (start && end && end < start) return { ok: false, message: 'La fine prevista precede l’inizio previsto.' };
	return db.sqlite.transaction(() => {
		const phase = db.sqlite.prepare<[number], PhaseRow>(PHASE_SQL).get(phaseId);
		if (!phase) return { ok: false as const, message: 'Fase inesistente.' };
		if (!byDirection && phase.director_id !== user.directorId) throw new Forbidden(`La fase ${phaseRef(phase)} non è di un obiettivo assegnato a ${user.displayName}.`);
		if (phase.start_date === start && phase.end_date === end) return { ok: true as const, changed: false };
		const validated = db.sqlite.prepare("SELECT 1 FROM phase_progress WHERE phase_id = ? AND state = 'validato' LIMIT 1").get(phase.id);
		if (validated && !reason?.trim()) return { ok: false as const, message: `La ${phaseRef(phase)} ha un avanzamento validato dal Nucleo: per cambiarne le date previste serve la motivazione.` };
		db.sqlite.prepare('UPDATE phase SET start_date = ?, end_date = ?, planned_source = NULL WHERE id = ?').run(start, end, phase.id);
		appendAudit(db, actorOf(user), {
			action: 'date previste della fase modificate',
			entity: 'fase',
			ref: phaseRef(phase),
			objectiveId: phase.objective_id,
			before: { start_date: phase.start_date, end_date: phase.end_date },
			after: { start_date: start, end_date: end },
			reason: reason?.trim() || null
		});
		return { ok: true as const, changed: true };
	})();
}

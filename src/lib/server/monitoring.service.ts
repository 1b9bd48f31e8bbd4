/**
 * The monitoring cycle: directors enter values for an open monitoring date, the general direction
 * accepts or returns them, the evaluation board validates the date and its values become locked; an
 * admin can reopen it. Every check is made here, on the server, against the signed-in user; every
 * change runs in one transaction with its audit record.
 */
import { indicatorAchievement, withIndicatorRules, type AchievementSettings, type IndicatorSpec } from '../achievement/achievement';
import { parseTypedValue, type TypedValue } from '../interchange/rows';
import { parseNumber } from '../interchange/dialect';
import { valueFromQuantities } from '../ratio';
import { findGrade, gradeNames } from '../achievement/grades';
import type { Grade } from '../achievement/rules';
import { isRealIsoDate, todayInItaly } from '../monitoring-dates';
import type { Db } from './db/database';
import type { IndicatorType, MeasurementState, PeriodState, Polarity, Row } from './db/schema';
import { appendAudit, appendPeriodAuditToObjectives, type Actor } from './audit';
import { readPlanRules } from './rules.repository';
import { OWNER_SQL } from './ownership';
import type { SignedInUser } from './auth/users.repository';
import { campaignAt } from './campaign.repository';
import { pendingLines, type PeriodConfirmation } from '../campaign';
import { countLabel, plural } from '../format';
import { lockPhaseReports, pendingPhaseReports, unlockPhaseReports } from './phase-progress.locks';

export const STATE_LABELS: Record<MeasurementState, string> = {
	bozza: 'Bozza',
	inviato: 'Inviato',
	restituito: 'Restituito',
	accettato: 'Accettato',
	validato: 'Validato'
};

/** States in which the director may still change a value. */
const EDITABLE_BY_DIRECTOR: MeasurementState[] = ['bozza', 'restituito'];

export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;
export const EVIDENCE_TYPES: Record<string, string> = {
	pdf: 'application/pdf',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xls: 'application/vnd.ms-excel',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	odt: 'application/vnd.oasis.opendocument.text',
	ods: 'application/vnd.oasis.opendocument.spreadsheet'
};

export class Forbidden extends Error {}

export function actorOf(user: SignedInUser): Actor {
	return { userId: user.id, name: user.username };
}

/** The audit line of a value moving from one review state to another (withdrawn, accepted, returned). */
function auditStateChange(
	db: Db,
	user: SignedInUser,
	m: { code: string; date: string; objective_id: number; indicator_id: number; state: MeasurementState },
	action: string,
	next: MeasurementState,
	reason: string | null = null
): void {
	appendAudit(db, actorOf(user), {
		action,
		entity: 'misurazione',
		ref: `${m.code} al ${m.date}`,
		objectiveId: m.objective_id,
		indicatorId: m.indicator_id,
		before: { state: m.state },
		after: { state: next },
		reason
	});
}

export interface EvidenceUpload {
	name: string;
	data: Buffer;
}

export interface EntryInput {
	indicatorId: number;
	/** As typed: `12,5`, `sì`, `30/06/2022`. Empty: no value to save for this indicator. */
	rawValue: string;
	justification: string | null;
	evidenceUrl: string | null;
	evidenceFile: EvidenceUpload | null;
	/** The version the form was built on (0 = no value then); null skips the check (CSV upload). */
	expectedVersion: number | null;
	/** Where the input came from, for messages: a form field or a file line. */
	place?: { file: string; line: number };
	/**
	 * The separator of the file the value was read from, so it is read by the same dialect rules as the
	 * file's other numbers. Absent for the form: a person typing Italian numbers (`1.500` is a thousand).
	 */
	delimiter?: string;
	/** The `fonte` given with the value (a CSV column): kept as the measurement's source. */
	source?: string | null;
	/**
	 * The two quantities of a ratio indicator: as typed in the form (`1.234,5`), or as a file's
	 * importer already read them. With both, the value is computed from them (and stored with them).
	 */
	numerator?: string | number | null;
	denominator?: string | number | null;
	/** A graded indicator's grade, as chosen or typed («medio», «Medio»): matched against the year's grades. */
	grade?: string | null;
}

export interface EntryProblem {
	indicatorId: number;
	field: 'valore' | 'numeratore' | 'denominatore' | 'giudizio' | 'motivazione' | 'evidenza' | 'versione';
	message: string;
	place?: { file: string; line: number };
	/** On a conflict: the value saved meanwhile by someone else. */
	current?: { value: string; by: string; at: string };
}

interface IndicatorRow {
	id: number;
	code: string;
	objective_id: number;
	director_id: number;
	plan_id: number;
	type: IndicatorType | null;
	polarity: Polarity | null;
	baseline: number | null;
	target: number | null;
	target_date: string | null;
}

interface MeasurementRow {
	id: number;
	value: number | null;
	value_date: string | null;
	numerator: number | null;
	denominator: number | null;
	grade: string | null;
	justification: string | null;
	source: string | null;
	state: MeasurementState;
	version: number;
	entered_by: string;
	entered_at: string;
	evidence_url: string | null;
	evidence_file_id: number | null;
	review_comment: string | null;
}

class Rollback extends Error {}

export function periodState(db: Db, planId: number, date: string): PeriodState | null {
	const row = db.sqlite.prepare('SELECT state FROM monitoring_period WHERE plan_id = ? AND date = ?').get(planId, date) as Row<'monitoring_period', 'state'> | undefined;
	return row?.state ?? null;
}

function describeValue(type: IndicatorType | null, m: { value: number | null; value_date: string | null; grade?: string | null }): string {
	if (m.grade) return m.grade;
	if (type === 'data') return m.value_date ?? '—';
	if (m.value === null) return '—';
	if (type === 'si_no') return m.value === 1 ? 'sì' : 'no';
	return String(m.value).replace('.', ',');
}

function validUrl(url: string): boolean {
	try {
		const u = new URL(url);
		return u.protocol === 'https:' || u.protocol === 'http:';
	} catch {
		return false;
	}
}

/**
 * The value an entry gives, with the quantities it was computed from: from numerator and denominator
 * when the entry has them (a value typed beside them must agree: the importer's rule), else as typed.
 */
function readEntryValue(
	entry: EntryInput,
	ind: { code: string; type: IndicatorType | null },
	rawNumerator: string | number | null,
	rawDenominator: string | number | null,
	rawGrade: string | null,
	grades: Grade[] | null
): { typed: TypedValue; numerator: number | null; denominator: number | null } | { field: EntryProblem['field']; error: string } {
	const delimiter = entry.delimiter ?? ';';
	const raw = entry.rawValue.trim();
	const type = ind.type;
	// A graded indicator's value is one of the grades its year's rules give it, and nothing else.
	if (rawGrade !== null) {
		if (!grades) return { field: 'giudizio', error: `l’indicatore ${ind.code} non è a giudizi nelle regole del suo anno: si inserisce un valore, non un giudizio` };
		if (raw !== '' || rawNumerator !== null || rawDenominator !== null) return { field: 'giudizio', error: 'un giudizio va da solo: senza valore né numeratore e denominatore' };
		const grade = findGrade(grades, rawGrade);
		if (!grade) return { field: 'giudizio', error: `«${rawGrade}» non è un giudizio dell’indicatore ${ind.code} (giudizi ammessi: ${gradeNames(grades)})` };
		return { typed: { value: null, date: null, grade: grade.name }, numerator: null, denominator: null };
	}
	if (grades) return { field: 'giudizio', error: `l’indicatore ${ind.code} è a giudizi: scegliere uno tra ${gradeNames(grades)}` };
	if (rawNumerator === null && rawDenominator === null) {
		const typed = parseTypedValue(raw, type, delimiter);
		return 'error' in typed ? { field: 'valore', error: typed.error } : { typed, numerator: null, denominator: null };
	}
	if (rawNumerator === null) return { field: 'numeratore', error: 'manca il numeratore: numeratore e denominatore vanno indicati insieme' };
	if (rawDenominator === null) return { field: 'denominatore', error: 'manca il denominatore: numeratore e denominatore vanno indicati insieme' };
	const quantity = (q: string | number) => (typeof q === 'number' ? q : parseNumber(q, delimiter));
	const numerator = quantity(rawNumerator);
	if (numerator === null) return { field: 'numeratore', error: `«${rawNumerator}» non è un numero (esempi validi: 1.234,56 · 1234,5)` };
	const denominator = quantity(rawDenominator);
	if (denominator === null) return { field: 'denominatore', error: `«${rawDenominator}» non è un numero (esempi validi: 1.234,56 · 1234,5)` };
	let given: number | null = null;
	if (raw !== '' && type !== 'si_no' && type !== 'data') {
		const typed = parseTypedValue(raw, type, delimiter);
		if ('error' in typed) return { field: 'valore', error: typed.error };
		given = typed.value;
	}
	const out = valueFromQuantities(numerator, denominator, type, given, raw || null);
	if (!out.ok) return { field: out.field, error: out.message };
	return { typed: { value: out.value, date: null }, numerator, denominator };
}

/**
 * Saves a director's values for one monitoring date: as drafts, or submitted for review. All or
 * nothing: any problem and nothing is written. Throws Forbidden when an indicator is not the user's.
 */
export function saveEntries(
	db: Db,
	user: SignedInUser,
	date: string,
	entries: EntryInput[],
	options: { submit: boolean; source?: string; now?: Date }
): { ok: true; saved: number } | { ok: false; problems: EntryProblem[] } {
	if (user.role !== 'dirigente' || user.directorId === null) throw new Forbidden('Solo un dirigente inserisce i valori dei propri indicatori.');
	const now = (options.now ?? new Date()).toISOString();
	const s = db.sqlite;
	const indicatorStmt = s.prepare(
		`SELECT i.id, i.code, i.objective_id, ${OWNER_SQL} AS director_id, o.plan_id, i.type, i.polarity, i.baseline, i.target, i.target_date
		 FROM indicator i JOIN objective o ON o.id = i.objective_id WHERE i.id = ?`
	);
	const measurementStmt = s.prepare(
		'SELECT id, value, value_date, numerator, denominator, grade, justification, source, state, version, entered_by, entered_at, evidence_url, evidence_file_id, review_comment FROM measurement WHERE indicator_id = ? AND date = ?'
	);
	const problems: EntryProblem[] = [];
	let saved = 0;
	// The rules of each indicator's plan year, read once per plan in the request.
	const rulesByPlan = new Map<number, AchievementSettings>();
	const rulesOf = (planId: number) => {
		let rules = rulesByPlan.get(planId);
		if (!rules) rulesByPlan.set(planId, (rules = readPlanRules(db, planId).rules));
		return rules;
	};

	try {
		// Logged by the database's triggers: the evaluation then recomputes only the objectives this save changed (cache/value-journal.ts).
		s.transaction(() => {
			for (const entry of entries) {
				const ind = indicatorStmt.get(entry.indicatorId) as IndicatorRow | undefined;
				// Someone else's indicator, or none at all: the whole request is refused, nothing is written.
				if (!ind || ind.director_id !== user.directorId) throw new Forbidden(`L’indicatore ${ind?.code ?? entry.indicatorId} non è assegnato a ${user.displayName}.`);
				const problem = (field: EntryProblem['field'], message: string, current?: EntryProblem['current']) =>
					problems.push({ indicatorId: ind.id, field, message, place: entry.place, current });

				const state = periodState(db, ind.plan_id, date);
				if (state !== 'aperto') {
					problem('valore', state === 'validato' ? `la data ${date} è validata dal Nucleo: i valori sono bloccati` : `la data ${date} non è aperta all’inserimento`);
					continue;
				}
				const rawQuantity = (q: string | number | null | undefined) => (typeof q === 'number' ? q : (q ?? '').trim() || null);
				const rawNumerator = rawQuantity(entry.numerator);
				const rawDenominator = rawQuantity(entry.denominator);
				const rawGrade = entry.grade?.trim() || null;
				// An empty field is no change: it cannot conflict with anything either.
				if (entry.rawValue.trim() === '' && rawNumerator === null && rawDenominator === null && rawGrade === null) continue;
				const existing = measurementStmt.get(ind.id, date) as MeasurementRow | undefined;
				if (entry.expectedVersion !== null && (existing?.version ?? 0) !== entry.expectedVersion) {
					problem('versione', 'nel frattempo qualcun altro ha salvato questo valore: controllalo e salva di nuovo', existing && {
						value: describeValue(ind.type, existing),
						by: existing.entered_by,
						at: existing.entered_at
					});
					continue;
				}
				if (existing && !EDITABLE_BY_DIRECTOR.includes(existing.state)) {
					problem('valore', `valore già ${STATE_LABELS[existing.state].toLowerCase()}: non si può più modificare`);
					continue;
				}
				const grades = rulesOf(ind.plan_id).grades?.[ind.code] ?? null;
				const read = readEntryValue(entry, ind, rawNumerator, rawDenominator, rawGrade, grades);
				if ('error' in read) {
					problem(read.field, read.error);
					continue;
				}
				const { typed, numerator, denominator } = read;
				const grade = typed.grade ?? null;
				const spec: IndicatorSpec = { type: ind.type, polarity: ind.polarity, baseline: ind.baseline, target: ind.target, targetDate: ind.target_date };
				// Judged by the body's rules in force (bands, cap), as the dashboard will score it.
				const settings = rulesOf(ind.plan_id);
				const result = indicatorAchievement(withIndicatorRules(spec, ind.code, settings), { value: typed.value, valueDate: typed.date, grade }, settings);
				const justification = entry.justification?.trim() || null;
				if (options.submit && result.kind === 'measured' && result.score < 1 && !justification) {
					problem('motivazione', 'il valore non raggiunge il target: la motivazione dello scostamento è obbligatoria');
					continue;
				}
				if (justification && justification.length > 4000) {
					problem('motivazione', 'motivazione troppo lunga (al massimo 4.000 caratteri)');
					continue;
				}
				const url = entry.evidenceUrl?.trim() || null;
				if (url && !validUrl(url)) {
					problem('evidenza', `«${url}» non è un indirizzo web valido (https://…)`);
					continue;
				}
				let fileId = existing?.evidence_file_id ?? null;
				if (entry.evidenceFile) {
					const ext = entry.evidenceFile.name.split('.').pop()?.toLowerCase() ?? '';
					const mime = EVIDENCE_TYPES[ext];
					if (!mime) {
						problem('evidenza', `tipo di file non ammesso (${Object.keys(EVIDENCE_TYPES).join(', ')})`);
						continue;
					}
					if (entry.evidenceFile.data.length > MAX_EVIDENCE_BYTES) {
						problem('evidenza', `file troppo grande (al massimo ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB)`);
						continue;
					}
					if (problems.length === 0) {
						const safeName = entry.evidenceFile.name.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120);
						fileId = Number(
							s.prepare('INSERT INTO evidence_file (name, mime, size, data, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)')
								.run(safeName, mime, entry.evidenceFile.data.length, entry.evidenceFile.data, user.username, now).lastInsertRowid
						);
					}
				}
				if (problems.length > 0) continue; // keep validating, but write nothing

				// A source given with the value (the CSV's `fonte`) is kept; otherwise the one already
				// recorded, or the default of the path the value came by.
				const source = entry.source?.trim() || existing?.source || options.source || 'dirigente';
				const nextState: MeasurementState = options.submit ? 'inviato' : existing?.state === 'restituito' ? 'restituito' : 'bozza';
				// Saving the table again must not rewrite, re-version and re-log rows nobody touched.
				if (
					existing &&
					existing.state === nextState &&
					existing.value === typed.value &&
					existing.value_date === typed.date &&
					existing.numerator === numerator &&
					existing.denominator === denominator &&
					existing.grade === grade &&
					existing.justification === justification &&
					existing.evidence_url === url &&
					existing.source === source &&
					!entry.evidenceFile
				) {
					continue;
				}
				const after = { value: typed.value, value_date: typed.date, numerator, denominator, grade, justification, evidence_url: url, evidence_file_id: fileId, state: nextState, source };
				if (!existing) {
					s.prepare(
						`INSERT INTO measurement (indicator_id, date, value, value_date, numerator, denominator, grade, justification, source, entered_by, entered_at, state, version, evidence_url, evidence_file_id)
						 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`
					).run(ind.id, date, typed.value, typed.date, numerator, denominator, grade, justification, source, user.username, now, nextState, url, fileId);
				} else {
					const changed = db.sqlite
						.prepare(
							`UPDATE measurement SET value = ?, value_date = ?, numerator = ?, denominator = ?, grade = ?, justification = ?, source = ?, entered_by = ?, entered_at = ?, state = ?, version = version + 1,
							 evidence_url = ?, evidence_file_id = ?, review_comment = CASE WHEN ? = 'inviato' THEN NULL ELSE review_comment END
							 WHERE id = ? AND version = ?`
						)
						.run(typed.value, typed.date, numerator, denominator, grade, justification, source, user.username, now, nextState, url, fileId, nextState, existing.id, existing.version).changes;
					if (changed !== 1) throw new Error('aggiornamento concorrente inatteso');
					// A file replaced by a new upload is nobody's evidence any more: do not keep it.
					if (existing.evidence_file_id !== null && existing.evidence_file_id !== fileId) {
						s.prepare('DELETE FROM evidence_file WHERE id = ? AND NOT EXISTS (SELECT 1 FROM measurement WHERE evidence_file_id = ?)').run(existing.evidence_file_id, existing.evidence_file_id);
					}
				}
				appendAudit(db, actorOf(user), {
					action: options.submit ? 'valore inviato' : entry.place ? 'valore caricato da CSV in bozza' : 'valore salvato in bozza',
					entity: 'misurazione',
					// A value from a file names the file and line it came from.
					ref: `${ind.code} al ${date}${entry.place ? ` (da ${entry.place.file}, riga ${entry.place.line})` : ''}`,
					objectiveId: ind.objective_id,
					indicatorId: ind.id,
					before: existing
						? { value: existing.value, value_date: existing.value_date, numerator: existing.numerator, denominator: existing.denominator, grade: existing.grade, justification: existing.justification, source: existing.source, state: existing.state }
						: null,
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

/**
 * A director takes back a value he submitted, before the direction reviewed it: it returns to draft
 * (keeping the value and its justification) so he can correct it and send it again.
 */
export function withdrawValue(db: Db, user: SignedInUser, measurementId: number, expectedVersion: number): { ok: true; code: string } | { ok: false; message: string } {
	if (user.role !== 'dirigente' || user.directorId === null) throw new Forbidden('Solo il dirigente che ha inviato un valore può ritirarlo.');
	return db.sqlite.transaction(() => {
		const m = db.sqlite
			.prepare(
				`SELECT m.id, m.state, m.version, m.date, i.id AS indicator_id, i.code, i.objective_id, ${OWNER_SQL} AS director_id, o.plan_id
				 FROM measurement m JOIN indicator i ON i.id = m.indicator_id JOIN objective o ON o.id = i.objective_id WHERE m.id = ?`
			)
			.get(measurementId) as
			| { id: number; state: MeasurementState; version: number; date: string; indicator_id: number; code: string; objective_id: number; director_id: number; plan_id: number }
			| undefined;
		// Someone else's value, or none: the same refusal, so ids cannot be probed.
		if (!m || m.director_id !== user.directorId) throw new Forbidden('Questo valore non è tra i tuoi: puoi ritirare solo i valori che hai inviato tu.');
		if (m.version !== expectedVersion) return { ok: false as const, message: `Il valore di ${m.code} è cambiato nel frattempo: ricarica la pagina.` };
		if (m.state !== 'inviato') return { ok: false as const, message: `Il valore di ${m.code} è «${STATE_LABELS[m.state]}»: si ritira solo un valore inviato e non ancora rivisto.` };
		if (periodState(db, m.plan_id, m.date) !== 'aperto') return { ok: false as const, message: `La data ${m.date} non è più aperta: il valore non si può ritirare.` };
		db.sqlite.prepare("UPDATE measurement SET state = 'bozza', version = version + 1 WHERE id = ? AND version = ?").run(m.id, m.version);
		auditStateChange(db, user, m, 'valore ritirato', 'bozza');
		return { ok: true as const, code: m.code };
	})();
}

/** The general direction accepts a submitted value, or returns it with a comment. */
export function reviewValue(
	db: Db,
	user: SignedInUser,
	measurementId: number,
	expectedVersion: number,
	decision: 'accetta' | 'restituisci',
	comment: string | null
): { ok: true } | { ok: false; message: string } {
	if (user.role !== 'direzione' && user.role !== 'admin') throw new Forbidden('Solo la Direzione generale rivede i valori inviati.');
	const text = comment?.trim() || null;
	if (decision === 'restituisci' && !text) return { ok: false, message: 'Per restituire un valore serve un commento che dica cosa correggere.' };
	return db.sqlite.transaction(() => {
		const m = db.sqlite
			.prepare(
				`SELECT m.id, m.state, m.version, m.date, m.value, m.value_date, i.id AS indicator_id, i.code, i.objective_id
				 FROM measurement m JOIN indicator i ON i.id = m.indicator_id WHERE m.id = ?`
			)
			.get(measurementId) as (Row<'measurement', 'id' | 'state' | 'version' | 'date' | 'value' | 'value_date' | 'indicator_id'> & Row<'indicator', 'code' | 'objective_id'>) | undefined;
		if (!m) return { ok: false as const, message: 'Valore inesistente.' };
		if (m.version !== expectedVersion) return { ok: false as const, message: `Il valore di ${m.code} è cambiato nel frattempo: ricarica la pagina.` };
		if (m.state !== 'inviato') return { ok: false as const, message: `Il valore di ${m.code} è «${STATE_LABELS[m.state]}», non «Inviato».` };
		const next: MeasurementState = decision === 'accetta' ? 'accettato' : 'restituito';
		db.sqlite.prepare('UPDATE measurement SET state = ?, review_comment = ?, version = version + 1 WHERE id = ?').run(next, text, m.id);
		auditStateChange(db, user, m, decision === 'accetta' ? 'valore accettato' : 'valore restituito', next, text);
		return { ok: true as const };
	})();
}

export interface PeriodOptions {
	/** On opening: the due date for entry (yyyy-mm-dd; empty clears it). Undefined leaves it as it is. */
	dueDate?: string | null;
	/** The second, explicit confirmation of closing with work outstanding, or of validating. */
	confirmed?: boolean;
	today?: string;
}

export type PeriodResult =
	| { ok: true; message: string }
	| { ok: false; message: string; confirm?: PeriodConfirmation };

/** The 403 page says in plain Italian who may do what. */
const PERIOD_FORBIDDEN = {
	apri: 'Aprire una data di monitoraggio spetta alla Direzione generale.',
	chiudi: 'Chiudere una data di monitoraggio spetta alla Direzione generale.',
	valida: 'Validare una data di monitoraggio spetta al Nucleo di valutazione.',
	riapri: 'Riaprire una data validata spetta all’amministratore, con una motivazione.'
} as const;

/** What happens to values left behind when a date closes: nothing is dropped, nothing enters the figures. */
const CLOSED_NOTE =
	' Bozze e valori restituiti restano com’erano: non entrano nei calcoli e il Nucleo non può validare la data finché la Direzione non li accetta (riaprendo la data, il dirigente può correggerli).';

function confirmMessage(action: 'chiudi' | 'valida', pending: string[]): string {
	if (action === 'valida') return pending.length > 0 ? 'Prima di validare, controllare ciò che resta aperto e confermare.' : 'Confermare la validazione: i valori della data saranno bloccati.';
	return 'Alla data restano valori in sospeso: controllare il riepilogo e confermare la chiusura.';
}

/** Sets or clears the due date for entry of an open or closed monitoring date (general direction). */
export function setDueDate(db: Db, user: SignedInUser, planId: number, date: string, rawDue: string): PeriodResult {
	if (user.role !== 'direzione' && user.role !== 'admin') throw new Forbidden('Fissare la scadenza per l’inserimento spetta alla Direzione generale.');
	const due = rawDue.trim() || null;
	if (due && !isRealIsoDate(due)) return { ok: false, message: `Scadenza non valida: «${due}» non è una data del calendario.` };
	return db.sqlite.transaction(() => {
		const row = db.sqlite.prepare('SELECT state, due_date FROM monitoring_period WHERE plan_id = ? AND date = ?').get(planId, date) as Row<'monitoring_period', 'state' | 'due_date'> | undefined;
		if (!row) return { ok: false as const, message: 'Data di monitoraggio inesistente: aprirla prima.' };
		if (row.state === 'validato') return { ok: false as const, message: 'La data è validata: la scadenza non si cambia più.' };
		if (row.due_date === due) return { ok: true as const, message: 'Scadenza invariata.' };
		db.sqlite.prepare('UPDATE monitoring_period SET due_date = ? WHERE plan_id = ? AND date = ?').run(due, planId, date);
		appendAudit(db, actorOf(user), { action: 'scadenza modificata', entity: 'data di monitoraggio', ref: date, before: { scadenza: row.due_date }, after: { scadenza: due } });
		return { ok: true as const, message: due ? 'Scadenza per l’inserimento aggiornata.' : 'Scadenza tolta.' };
	})();
}

/**
 * Accepts, in one transaction, every value of one director that the direction had in front of it
 * (ids with the versions shown). If any of them changed meanwhile, is no longer submitted or is not
 * that director's, nothing is accepted: the page is reloaded and looked at again.
 */
export function acceptAll(
	db: Db,
	user: SignedInUser,
	directorId: number,
	shown: Array<{ id: number; version: number }>
): { ok: true; accepted: number } | { ok: false; message: string } {
	if (user.role !== 'direzione' && user.role !== 'admin') throw new Forbidden('Accettare i valori inviati spetta alla Direzione generale.');
	if (shown.length === 0) return { ok: false, message: 'Nessun valore da accettare.' };
	const s = db.sqlite;
	const get = s.prepare(
		`SELECT m.id, m.state, m.version, m.date, i.id AS indicator_id, i.code, i.objective_id, ${OWNER_SQL} AS director_id
		 FROM measurement m JOIN indicator i ON i.id = m.indicator_id JOIN objective o ON o.id = i.objective_id WHERE m.id = ?`
	);
	// Any refusal throws, so that the values accepted before it in the loop roll back with it.
	try {
		return s.transaction(() => {
			for (const v of shown) {
				const m = get.get(v.id) as (Row<'measurement', 'id' | 'state' | 'version' | 'date' | 'indicator_id'> & Row<'indicator', 'code' | 'objective_id'> & Row<'objective', 'director_id'>) | undefined;
				if (!m || m.director_id !== directorId) throw new BulkRefused('Uno dei valori non è di questo dirigente: nessun valore accettato.');
				if (m.version !== v.version || m.state !== 'inviato') throw new BulkRefused(`Il valore di ${m.code} è cambiato nel frattempo: nessun valore accettato. Ricarica la pagina e controlla.`);
				s.prepare("UPDATE measurement SET state = 'accettato', review_comment = NULL, version = version + 1 WHERE id = ?").run(m.id);
				auditStateChange(db, user, m, 'valore accettato', 'accettato');
			}
			return { ok: true as const, accepted: shown.length };
		})();
	} catch (e) {
		if (e instanceof BulkRefused) return { ok: false, message: e.message };
		throw e;
	}
}

class BulkRefused extends Error {}

/** Opens, closes, validates or reopens a monitoring date, each by the role that may. */
export function changePeriod(
	db: Db,
	user: SignedInUser,
	planId: number,
	date: string,
	action: 'apri' | 'chiudi' | 'valida' | 'riapri',
	reason: string | null,
	options: PeriodOptions = {}
): PeriodResult {
	const allowed: Record<typeof action, string[]> = { apri: ['direzione', 'admin'], chiudi: ['direzione', 'admin'], valida: ['nucleo'], riapri: ['admin'] };
	if (!allowed[action].includes(user.role)) throw new Forbidden(PERIOD_FORBIDDEN[action]);
	if (!isRealIsoDate(date)) return { ok: false, message: `«${date}» non è una data di calendario (aaaa-mm-gg).` };
	const due = options.dueDate?.trim() || null;
	if (action === 'apri' && due && !isRealIsoDate(due)) return { ok: false, message: `Scadenza per l’inserimento non valida: «${due}» non è una data del calendario.` };
	const s = db.sqlite;
	return s.transaction(() => {
		const current = periodState(db, planId, date);
		// Closing with work outstanding, and validating always, ask for a second, explicit confirmation
		// with the figures in front of whoever decides; the check runs inside the transaction, on the
		// figures as they are at that moment.
		if ((action === 'chiudi' && current === 'aperto') || (action === 'valida' && current === 'chiuso')) {
			const summary = campaignAt(db, planId, date, options.today ?? todayInItaly());
			const pending = pendingLines(summary);
			// Values not yet accepted block validation outright (below); only a date that can be validated asks.
			const t = summary.totals;
			const blocked = action === 'valida' && t.draft + t.submitted + t.returned + t.phases.draft + t.phases.submitted + t.phases.returned > 0;
			if (!options.confirmed && !blocked && (action === 'valida' || pending.length > 0)) return { ok: false as const, confirm: { action, date, summary, pending }, message: confirmMessage(action, pending) };
		}
		const set = (state: PeriodState) =>
			s.prepare('INSERT INTO monitoring_period (plan_id, date, state) VALUES (?, ?, ?) ON CONFLICT(plan_id, date) DO UPDATE SET state = excluded.state').run(planId, date, state);
		const valuesAt = `FROM measurement WHERE date = ? AND indicator_id IN (SELECT i.id FROM indicator i JOIN objective o ON o.id = i.objective_id WHERE o.plan_id = ?)`;
		const audit = (before: PeriodState | null, after: PeriodState, extra?: unknown) => {
			const line = { action: `monitoraggio: ${action}`, before: { state: before }, after: { state: after, ...(extra as object) }, reason };
			appendAudit(db, actorOf(user), { ...line, entity: 'data di monitoraggio', ref: date });
			if (action !== 'apri') appendPeriodAuditToObjectives(db, actorOf(user), planId, date, line);
		};
		switch (action) {
			case 'apri':
				if (current === 'validato') return { ok: false as const, message: 'La data è validata: solo un amministratore può riaprirla.' };
				set('aperto');
				if (options.dueDate !== undefined) s.prepare('UPDATE monitoring_period SET due_date = ? WHERE plan_id = ? AND date = ?').run(due, planId, date);
				audit(current, 'aperto', due ? { scadenza: due } : undefined);
				return { ok: true as const, message: 'Data aperta all’inserimento dei valori.' };
			case 'chiudi':
				if (current !== 'aperto') return { ok: false as const, message: 'La data non è aperta.' };
				set('chiuso');
				audit(current, 'chiuso');
				return { ok: true as const, message: 'Data chiusa: i dirigenti non possono più inserire valori.' + CLOSED_NOTE };
			case 'valida': {
				if (current === 'validato') return { ok: false as const, message: 'La data è già validata.' };
				if (current === 'aperto') return { ok: false as const, message: 'La data è ancora aperta: la Direzione deve chiuderla prima della validazione.' };
				// Only a date the direction opened and closed: validating a date never opened would publish it.
				if (current !== 'chiuso') return { ok: false as const, message: 'La data non è mai stata aperta e chiusa dalla Direzione: non c’è nulla da validare.' };
				const pending = s.prepare(`SELECT count(*) AS n ${valuesAt} AND state IN ('bozza', 'inviato', 'restituito')`).get(date, planId) as { n: number };
				if (pending.n > 0) return { ok: false as const, message: `${countLabel(pending.n, 'valore', 'valori')} alla data ${plural(pending.n, 'non è ancora accettato', 'non sono ancora accettati')} dalla Direzione: non si può validare.` };
				// Phase reports follow the values: all accepted before the date is validated, then locked with them.
				const pendingPhases = pendingPhaseReports(db, planId, date);
				if (pendingPhases > 0) return { ok: false as const, message: `${countLabel(pendingPhases, 'avanzamento di fase', 'avanzamenti di fase')} alla data ${plural(pendingPhases, 'non è ancora accettato', 'non sono ancora accettati')} dalla Direzione: non si può validare.` };
				lockPhaseReports(db, planId, date);
				const locked = s.prepare(`UPDATE measurement SET state = 'validato', version = version + 1 WHERE id IN (SELECT id ${valuesAt})`).run(date, planId).changes;
				set('validato');
				audit(current, 'validato', { valori: locked });
				return { ok: true as const, message: `Data validata: ${countLabel(locked, 'valore bloccato', 'valori bloccati')}.` };
			}
			case 'riapri': {
				if (current !== 'validato') return { ok: false as const, message: 'La data non è validata.' };
				if (!reason?.trim()) return { ok: false as const, message: 'Per riaprire una data validata serve la motivazione.' };
				set('chiuso');
				const unlocked = s.prepare(`UPDATE measurement SET state = 'accettato', version = version + 1 WHERE state = 'validato' AND id IN (SELECT id ${valuesAt})`).run(date, planId).changes;
				unlockPhaseReports(db, planId, date);
				audit(current, 'chiuso', { valori: unlocked });
				return { ok: true as const, message: `Data riaperta (chiusa): ${countLabel(unlocked, 'valore torna', 'valori tornano')} ${plural(unlocked, '«accettato»', '«accettati»')}.` };
			}
		}
	})();
}

/** Changes an indicator's target (general direction), with the reason in the audit log. */
export function updateTarget(db: Db, user: SignedInUser, indicatorId: number, rawTarget: string, reason: string | null): { ok: true } | { ok: false; message: string } {
	if (user.role !== 'direzione' && user.role !== 'admin') throw new Forbidden('Solo la Direzione generale modifica i target.');
	return db.sqlite.transaction(() => {
		const ind = db.sqlite.prepare('SELECT id, code, objective_id, type, target, target_date FROM indicator WHERE id = ?').get(indicatorId) as
			| { id: number; code: string; objective_id: number; type: IndicatorType | null; target: number | null; target_date: string | null }
			| undefined;
		if (!ind) return { ok: false as const, message: 'Indicatore inesistente.' };
		// A published result must not move: while the indicator has validated values its target is locked.
		if (db.sqlite.prepare(`SELECT 1 FROM measurement WHERE indicator_id = ? AND state = 'validato' LIMIT 1`).get(ind.id)) {
			return { ok: false as const, message: `L’indicatore ${ind.code} ha valori validati dal Nucleo: il target è bloccato. Solo un amministratore, riaprendo la data con una motivazione, può sbloccarlo.` };
		}
		let next = { value: null as number | null, date: null as string | null };
		if (rawTarget.trim() !== '') {
			const typed = parseTypedValue(rawTarget.trim(), ind.type, ';');
			if ('error' in typed) return { ok: false as const, message: `Target: ${typed.error}` };
			next = typed;
		}
		if (!reason?.trim()) return { ok: false as const, message: 'Serve la motivazione della modifica del target.' };
		db.sqlite.prepare('UPDATE indicator SET target = ?, target_date = ? WHERE id = ?').run(next.value, next.date, ind.id);
		appendAudit(db, actorOf(user), {
			action: 'target modificato',
			entity: 'indicatore',
			ref: ind.code,
			objectiveId: ind.objective_id,
			indicatorId: ind.id,
			before: { target: ind.target, target_date: ind.target_date },
			after: { target: next.value, target_date: next.date },
			reason
		});
		return { ok: true as const };
	})();
}

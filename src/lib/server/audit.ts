import type { Db } from './db/database';
import { runRaw, sqlText } from './db/raw-query';
import type { IndicatorType, Role } from '../vocabulary';
import { ROLE_LABELS } from './auth/users.repository';

/** Who did something: a signed-in user, or the system (start-up, a command-line tool). */
export interface Actor {
	userId: number | null;
	name: string;
}

export interface AuditEntry {
	action: string;
	entity: string;
	ref: string;
	objectiveId?: number | null;
	indicatorId?: number | null;
	before?: unknown;
	after?: unknown;
	reason?: string | null;
}

/**
 * Appends one line to the audit log. Call it inside the transaction that makes the change, so the
 * change and its record commit or fail together. The table refuses updates and deletes (triggers).
 */
export function appendAudit(db: Db, actor: Actor, entry: AuditEntry, now = new Date()): void {
	db.sqlite
		.prepare(
			'INSERT INTO audit_log (at, user_id, actor, action, entity, ref, objective_id, indicator_id, before, after, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
		)
		.run(
			now.toISOString(),
			actor.userId,
			actor.name,
			entry.action,
			entry.entity,
			entry.ref,
			entry.objectiveId ?? null,
			entry.indicatorId ?? null,
			entry.before === undefined ? null : JSON.stringify(entry.before),
			entry.after === undefined ? null : JSON.stringify(entry.after),
			entry.reason ?? null
		);
}

/**
 * Closing, validating or reopening a date touches every objective of the plan: each objective's own log
 * gets a line too, saying how many of its values stood at that date (one statement, not one per objective).
 */
export function appendPeriodAuditToObjectives(db: Db, actor: Actor, planId: number, date: string, entry: Omit<AuditEntry, 'objectiveId' | 'indicatorId' | 'entity' | 'ref'>, now = new Date()): void {
	db.sqlite
		.prepare(
			`INSERT INTO audit_log (at, user_id, actor, action, entity, ref, objective_id, indicator_id, before, after, reason)
			 SELECT ?, ?, ?, ?, 'data di monitoraggio', ?, o.id, NULL, ?,
			        json_set(?, '$.valori_obiettivo', (SELECT count(*) FROM measurement m JOIN indicator i ON i.id = m.indicator_id WHERE i.objective_id = o.id AND m.date = ?)), ?
			 FROM objective o WHERE o.plan_id = ? ORDER BY o.position`
		)
		.run(
			now.toISOString(),
			actor.userId,
			actor.name,
			entry.action,
			date,
			entry.before === undefined ? null : JSON.stringify(entry.before),
			JSON.stringify(entry.after ?? {}),
			date,
			entry.reason ?? null,
			planId
		);
}

/** A director's draft is his own until he submits it: these log lines show what a draft held. */
const DRAFT_ACTION = 'valore salvato in bozza';
const PRIVATE_BEFORE_STATES = new Set(['bozza', 'restituito']);

/**
 * The history of an objective and its indicators, newest first, as `viewerId` may see it: other
 * people's draft saves are left out, and when someone else's submission replaced a draft (or a
 * returned value he was correcting), what the draft held is not shown, only what was submitted.
 */
export function auditOfObjective(db: Db, objectiveId: number, viewerId: number | null, limit = 100) {
	// Raw rather than through kysely: it runs on every objective page. The draft action and the limit are
	// written into the text, not bound: with a bound LIMIT SQLite prepared the statement again at every run
	// (10 µs instead of 2 alone, 60 µs in the server), see SQL_CONSTANTS_NOT_BOUND in db/raw-query.ts.
	const rows = runRaw<
		[number, string, number | null, string, string, string, string, number | null, string | null, string | null, string | null, Role | null, string | null, string | null, IndicatorType | null, string | null]
	>(
		db,
		`SELECT a.id, a.at, a.user_id, a.actor, a.action, a.entity, a.ref, a.indicator_id, a.before, a.after, a.reason, u.role, u.display_name, d.name, i.type, i.unit
		FROM audit_log a LEFT JOIN user u ON u.id = a.user_id LEFT JOIN director d ON d.id = u.director_id LEFT JOIN indicator i ON i.id = a.indicator_id
		WHERE a.objective_id = ? AND (a.action <> ${sqlText(DRAFT_ACTION)} OR a.user_id = ?)
		ORDER BY a.id DESC LIMIT ${Math.trunc(limit)}`,
		[objectiveId, viewerId ?? -1]
	);
	return rows.map(([id, at, user_id, actor, action, entity, ref, indicator_id, before, after, reason, role, display_name, director_name, indicator_type, indicator_unit]) => {
		const row = { id, at, actor, action, entity, ref, before, after, reason };
		const who = whoDid(actor, role, director_name ?? display_name);
		const indicator = indicator_id !== null ? { type: indicator_type, unit: indicator_unit } : null;
		if (entity !== 'misurazione' || user_id === viewerId || before === null) return { ...row, who, indicator };
		const previous = JSON.parse(before) as { state?: string } | null;
		const shown = previous?.state && PRIVATE_BEFORE_STATES.has(previous.state) ? JSON.stringify({ state: previous.state }) : before;
		return { ...row, before: shown, who, indicator };
	});
}

/**
 * Who made a change, as the log shows it: the role and the person's name, never the username
 * («Luigi De Angelis, dirigente»). A line written by a command-line tool says so.
 */
export function whoDid(actor: string, role: Role | null, name: string | null): string {
	if (!role) return actor === 'importazione CSV' ? 'Importazione da file' : `Procedura automatica (${actor})`;
	const label = ROLE_LABELS[role];
	if (!name || name === label) return label;
	return role === 'dirigente' ? `Dirigente ${name}` : `${name} (${label})`;
}

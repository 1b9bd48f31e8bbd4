import type { Db } from './db/database';
import type { Role } from '../vocabulary';
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
export async function auditOfObjective(db: Db, objectiveId: number, viewerId: number | null, limit = 100) {
	const rows = await db.kysely
		.selectFrom('audit_log as a')
		.leftJoin('user as u', 'u.id', 'a.user_id')
		.leftJoin('director as d', 'd.id', 'u.director_id')
		.leftJoin('indicator as i', 'i.id', 'a.indicator_id')
		.where('a.objective_id', '=', objectiveId)
		.where((eb) => eb.or([eb('a.action', '<>', DRAFT_ACTION), eb('a.user_id', '=', viewerId ?? -1)]))
		.select(['a.id', 'a.at', 'a.user_id', 'a.actor', 'a.action', 'a.entity', 'a.ref', 'a.indicator_id', 'a.before', 'a.after', 'a.reason'])
		.select(['u.role', 'u.display_name', 'd.name as director_name', 'i.type as indicator_type', 'i.unit as indicator_unit'])
		.orderBy('a.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map(({ user_id, indicator_id, role, display_name, director_name, indicator_type, indicator_unit, ...row }) => {
		const who = whoDid(row.actor, role, director_name ?? display_name);
		const indicator = indicator_id !== null ? { type: indicator_type, unit: indicator_unit } : null;
		if (row.entity !== 'misurazione' || user_id === viewerId || row.before === null) return { ...row, who, indicator };
		const before = JSON.parse(row.before) as { state?: string } | null;
		const shown = before?.state && PRIVATE_BEFORE_STATES.has(before.state) ? JSON.stringify({ state: before.state }) : row.before;
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

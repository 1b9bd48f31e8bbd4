import type { Db } from './db/database';

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
		.selectFrom('audit_log')
		.where('objective_id', '=', objectiveId)
		.where((eb) => eb.or([eb('action', '<>', DRAFT_ACTION), eb('user_id', '=', viewerId ?? -1)]))
		.select(['id', 'at', 'user_id', 'actor', 'action', 'entity', 'ref', 'before', 'after', 'reason'])
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
	return rows.map(({ user_id, ...row }) => {
		if (row.entity !== 'misurazione' || user_id === viewerId || row.before === null) return row;
		const before = JSON.parse(row.before) as { state?: string } | null;
		return before?.state && PRIVATE_BEFORE_STATES.has(before.state) ? { ...row, before: JSON.stringify({ state: before.state }) } : row;
	});
}

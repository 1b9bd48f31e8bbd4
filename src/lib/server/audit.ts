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

/** The history of an objective and its indicators, newest first. */
export async function auditOfObjective(db: Db, objectiveId: number, limit = 100) {
	return db.kysely
		.selectFrom('audit_log')
		.where('objective_id', '=', objectiveId)
		.select(['id', 'at', 'actor', 'action', 'entity', 'ref', 'before', 'after', 'reason'])
		.orderBy('id', 'desc')
		.limit(limit)
		.execute();
}

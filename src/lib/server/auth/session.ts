import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database';
import type { SignedInUser } from './users.repository';

export const SESSION_COOKIE = 'sessione';
/** A working day and then some: a session ends the same day it started. */
export const SESSION_HOURS = 12;

function digest(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export function createSession(db: Db, userId: number, now = new Date()): { token: string; expires: Date } {
	const token = randomBytes(32).toString('base64url');
	const expires = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
	// Signing in changes no figure: the session table logs nothing, so every kept result stays (cache/change-log.ts).
	db.sqlite.transaction(() => {
		db.sqlite.prepare('DELETE FROM session WHERE expires_at <= ?').run(now.toISOString());
		db.sqlite.prepare('INSERT INTO session (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(digest(token), userId, now.toISOString(), expires.toISOString());
	})();
	return { token, expires };
}

/** The user behind a cookie's token, if the session is current and the account active. One query. */
export async function findSessionUser(db: Db, token: string, now = new Date()): Promise<SignedInUser | null> {
	const row = await db.kysely
		.selectFrom('session as s')
		.innerJoin('user as u', 'u.id', 's.user_id')
		.where('s.id', '=', digest(token))
		.where('s.expires_at', '>', now.toISOString())
		.where('u.disabled', '=', 0)
		.select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.director_id'])
		.executeTakeFirst();
	return row ? { id: row.id, username: row.username, displayName: row.display_name, role: row.role, directorId: row.director_id } : null;
}

export function deleteSession(db: Db, token: string): void {
	db.sqlite.prepare('DELETE FROM session WHERE id = ?').run(digest(token));
}

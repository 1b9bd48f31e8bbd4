import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database';
import type { SignedInUser } from './users.repository';
import { runRaw } from '../db/raw-query';
import type { Role } from '../../vocabulary';

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
	// Raw rather than through kysely: every signed-in request runs it.
	const [row] = runRaw<[number, string, string, Role, number | null]>(
		db,
		`SELECT u.id, u.username, u.display_name, u.role, u.director_id FROM session s JOIN user u ON u.id = s.user_id
		WHERE s.id = ? AND s.expires_at > ? AND u.disabled = 0`,
		[digest(token), now.toISOString()]
	);
	return row ? { id: row[0], username: row[1], displayName: row[2], role: row[3], directorId: row[4] } : null;
}

export function deleteSession(db: Db, token: string): void {
	db.sqlite.prepare('DELETE FROM session WHERE id = ?').run(digest(token));
}

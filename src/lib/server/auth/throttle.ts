import type { Db } from '../db/database';

/**
 * Throttling of failed sign-ins, per account and per address: after MAX_FAILURES failures within
 * WINDOW_MINUTES, that key is locked for LOCK_MINUTES. Guessing a password, or trying one password on
 * many accounts, both stop quickly.
 */
export const MAX_FAILURES = 5;
export const WINDOW_MINUTES = 15;
export const LOCK_MINUTES = 15;

export function throttleKeys(username: string, address: string): string[] {
	return [`utente:${username.toLowerCase()}`, `indirizzo:${address}`];
}

/** The time until which any of the keys is locked, or null. */
export function lockedUntil(db: Db, keys: string[], now = new Date()): Date | null {
	let latest: Date | null = null;
	for (const key of keys) {
		const row = db.sqlite.prepare('SELECT locked_until FROM login_failure WHERE key = ?').get(key) as { locked_until: string | null } | undefined;
		if (row?.locked_until && row.locked_until > now.toISOString()) {
			const d = new Date(row.locked_until);
			if (!latest || d > latest) latest = d;
		}
	}
	return latest;
}

export function recordFailure(db: Db, keys: string[], now = new Date()): void {
	const windowStart = new Date(now.getTime() - WINDOW_MINUTES * 60_000).toISOString();
	db.sqlite.transaction(() => {
		for (const key of keys) {
			const row = db.sqlite.prepare('SELECT count, first_at FROM login_failure WHERE key = ?').get(key) as { count: number; first_at: string } | undefined;
			const fresh = !row || row.first_at < windowStart;
			const count = fresh ? 1 : row.count + 1;
			const locked = count >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
			db.sqlite
				.prepare('INSERT INTO login_failure (key, count, first_at, locked_until) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET count = excluded.count, first_at = excluded.first_at, locked_until = excluded.locked_until')
				.run(key, count, fresh ? now.toISOString() : row.first_at, locked);
		}
	})();
}

export function clearFailures(db: Db, username: string): void {
	db.sqlite.prepare('DELETE FROM login_failure WHERE key = ?').run(`utente:${username.toLowerCase()}`);
}

import type { Db } from '../db/database';
import type { Row } from '../db/schema';

/**
 * Throttling of failed sign-ins, per account and per address: after MAX_FAILURES failures of one
 * account (MAX_FAILURES_PER_ADDRESS from one address) within WINDOW_MINUTES, that key is locked for
 * LOCK_MINUTES. Guessing a password, or trying one password on many accounts, both stop quickly.
 * An address gets more room than an account because a whole office signs in from one address (NAT),
 * and attempts in flight count until they succeed: with the account's limit, five colleagues pressing
 * "Entra" in the same second locked the office out for a quarter of an hour.
 */
export const MAX_FAILURES = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

function limitOf(key: string): number {
	return key.startsWith('indirizzo:') ? MAX_FAILURES_PER_ADDRESS : MAX_FAILURES;
}
export const WINDOW_MINUTES = 15;
export const LOCK_MINUTES = 15;

export function throttleKeys(username: string, address: string): string[] {
	return [`utente:${username.toLowerCase()}`, `indirizzo:${address}`];
}

/** The time until which any of the keys is locked, or null. */
export function lockedUntil(db: Db, keys: string[], now = new Date()): Date | null {
	let latest: Date | null = null;
	for (const key of keys) {
		const row = db.sqlite.prepare('SELECT locked_until FROM login_failure WHERE key = ?').get(key) as Row<'login_failure', 'locked_until'> | undefined;
		if (row?.locked_until && row.locked_until > now.toISOString()) {
			const d = new Date(row.locked_until);
			if (!latest || d > latest) latest = d;
		}
	}
	return latest;
}

/**
 * Checks the keys and, if none is locked, counts this attempt against them as if it failed, in one
 * synchronous transaction, before the (slow, asynchronous) password check. Checking first and
 * recording after the hash would let forty concurrent guesses all pass the check while the first
 * one is still hashing. A sign-in that succeeds gives its attempt back (`releaseAttempt`).
 */
export function reserveAttempt(db: Db, keys: string[], now = new Date()): { ok: true } | { ok: false; lockedUntil: Date } {
	return db.sqlite.transaction(() => {
		const locked = lockedUntil(db, keys, now);
		if (locked) return { ok: false as const, lockedUntil: locked };
		recordFailure(db, keys, now);
		return { ok: true as const };
	}).immediate();
}

/** A successful sign-in: the account's count starts again; the address keeps its other attempts. */
export function releaseAttempt(db: Db, keys: string[], username: string): void {
	db.sqlite.transaction(() => {
		clearFailures(db, username);
		for (const key of keys.filter((k) => k.startsWith('indirizzo:'))) {
			db.sqlite
				.prepare(`UPDATE login_failure SET count = max(count - 1, 0), locked_until = CASE WHEN count - 1 < ? THEN NULL ELSE locked_until END WHERE key = ?`)
				.run(MAX_FAILURES_PER_ADDRESS, key);
		}
	})();
}

export function recordFailure(db: Db, keys: string[], now = new Date()): void {
	const windowStart = new Date(now.getTime() - WINDOW_MINUTES * 60_000).toISOString();
	db.sqlite.transaction(() => {
		for (const key of keys) {
			const row = db.sqlite.prepare('SELECT count, first_at FROM login_failure WHERE key = ?').get(key) as Row<'login_failure', 'count' | 'first_at'> | undefined;
			const fresh = !row || row.first_at < windowStart;
			const count = fresh ? 1 : row.count + 1;
			const locked = count >= limitOf(key) ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
			db.sqlite
				.prepare('INSERT INTO login_failure (key, count, first_at, locked_until) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET count = excluded.count, first_at = excluded.first_at, locked_until = excluded.locked_until')
				.run(key, count, fresh ? now.toISOString() : row.first_at, locked);
		}
	})();
}

export function clearFailures(db: Db, username: string): void {
	db.sqlite.prepare('DELETE FROM login_failure WHERE key = ?').run(`utente:${username.toLowerCase()}`);
}

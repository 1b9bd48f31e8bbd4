import type { Db } from '../db/database';
import type { Row } from '../db/schema';
import { ROLES, type Role } from '../../vocabulary';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from './password';
import { appendAudit, type Actor } from '../audit';

export { ROLES };
export const ROLE_LABELS: Record<Role, string> = {
	dirigente: 'Dirigente',
	direzione: 'Direzione generale',
	nucleo: 'Nucleo di valutazione',
	admin: 'Amministratore'
};

export interface SignedInUser {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	directorId: number | null;
}

/** `Luigi De Angelis` → `luigi.deangelis`. */
export function usernameFor(name: string): string {
	const parts = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9\s]/g, '')
		.trim()
		.split(/\s+/);
	return [parts[0], parts.slice(1).join('')].filter(Boolean).join('.');
}

export class UserError extends Error {}

export interface NewUser {
	username: string;
	displayName: string;
	role: Role;
	directorName?: string | null;
	password?: string;
}

/** Creates an account; returns the password (generated when none is given) so it can be shown once. */
export async function createUser(db: Db, user: NewUser, actor: Actor): Promise<string> {
	if (!/^[a-z0-9._-]{3,64}$/.test(user.username)) throw new UserError(`nome utente «${user.username}» non valido (3-64 caratteri: a-z, 0-9, . _ -)`);
	if (!ROLES.includes(user.role)) throw new UserError(`ruolo «${user.role}» non valido (${ROLES.join(', ')})`);
	const directorId = await directorIdFor(db, user.role, user.directorName ?? null);
	const password = user.password ?? generatePassword();
	if (password.length < MIN_PASSWORD_LENGTH) throw new UserError(`la password deve avere almeno ${MIN_PASSWORD_LENGTH} caratteri`);
	const hash = await hashPassword(password);
	db.sqlite.transaction(() => {
		if (db.sqlite.prepare('SELECT 1 FROM user WHERE username = ?').get(user.username)) throw new UserError(`l'utente ${user.username} esiste già`);
		const id = Number(
			db.sqlite
				.prepare('INSERT INTO user (username, display_name, role, director_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
				.run(user.username, user.displayName, user.role, directorId, hash, new Date().toISOString()).lastInsertRowid
		);
		appendAudit(db, actor, { action: 'account creato', entity: 'utente', ref: user.username, after: { id, role: user.role, director_id: directorId } });
	})();
	return password;
}

async function directorIdFor(db: Db, role: Role, directorName: string | null): Promise<number | null> {
	if (role !== 'dirigente') {
		if (directorName) throw new UserError('solo un account «dirigente» si collega a un dirigente');
		return null;
	}
	if (!directorName) throw new UserError('un account «dirigente» va collegato a un dirigente del piano (--dirigente "Nome Cognome")');
	const row = db.sqlite.prepare('SELECT id FROM director WHERE name = ?').get(directorName) as Row<'director', 'id'> | undefined;
	if (!row) throw new UserError(`dirigente «${directorName}» non presente nel piano`);
	return row.id;
}

function requireUser(db: Db, username: string): { id: number; role: Role; director_id: number | null; disabled: number } {
	const row = db.sqlite.prepare('SELECT id, role, director_id, disabled FROM user WHERE username = ?').get(username) as
		| { id: number; role: Role; director_id: number | null; disabled: number }
		| undefined;
	if (!row) throw new UserError(`l'utente ${username} non esiste`);
	return row;
}

export async function setRole(db: Db, username: string, role: Role, directorName: string | null, actor: Actor): Promise<void> {
	if (!ROLES.includes(role)) throw new UserError(`ruolo «${role}» non valido (${ROLES.join(', ')})`);
	const directorId = await directorIdFor(db, role, directorName);
	db.sqlite.transaction(() => {
		const before = requireUser(db, username);
		db.sqlite.prepare('UPDATE user SET role = ?, director_id = ? WHERE id = ?').run(role, directorId, before.id);
		// A changed role must not keep the powers of the old one in open sessions.
		db.sqlite.prepare('DELETE FROM session WHERE user_id = ?').run(before.id);
		appendAudit(db, actor, { action: 'ruolo cambiato', entity: 'utente', ref: username, before: { role: before.role, director_id: before.director_id }, after: { role, director_id: directorId } });
	})();
}

export async function resetPassword(db: Db, username: string, actor: Actor, password?: string): Promise<string> {
	const next = password ?? generatePassword();
	if (next.length < MIN_PASSWORD_LENGTH) throw new UserError(`la password deve avere almeno ${MIN_PASSWORD_LENGTH} caratteri`);
	const hash = await hashPassword(next);
	db.sqlite.transaction(() => {
		const user = requireUser(db, username);
		db.sqlite.prepare('UPDATE user SET password_hash = ? WHERE id = ?').run(hash, user.id);
		db.sqlite.prepare('DELETE FROM session WHERE user_id = ?').run(user.id);
		db.sqlite.prepare('DELETE FROM login_failure WHERE key = ?').run(`utente:${username}`);
		appendAudit(db, actor, { action: 'password reimpostata', entity: 'utente', ref: username });
	})();
	return next;
}

export function setDisabled(db: Db, username: string, disabled: boolean, actor: Actor): void {
	db.sqlite.transaction(() => {
		const user = requireUser(db, username);
		db.sqlite.prepare('UPDATE user SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, user.id);
		if (disabled) db.sqlite.prepare('DELETE FROM session WHERE user_id = ?').run(user.id);
		appendAudit(db, actor, { action: disabled ? 'account disattivato' : 'account riattivato', entity: 'utente', ref: username, before: { disabled: user.disabled }, after: { disabled: disabled ? 1 : 0 } });
	})();
}

export function listUsers(db: Db) {
	return db.sqlite
		.prepare('SELECT u.username, u.display_name, u.role, d.name AS director, u.disabled, u.email FROM user u LEFT JOIN director d ON d.id = u.director_id ORDER BY u.role, u.username')
		.all() as Array<{ username: string; display_name: string; role: Role; director: string | null; disabled: number; email: string | null }>;
}

/** A plain mailbox address: something@domain.tld, no spaces, no display name, no header tricks. */
export function isEmailAddress(s: string): boolean {
	return s.length <= 254 && /^[^\s@<>(),;:"\\]+@[^\s@<>(),;:"\\]+\.[^\s@<>(),;:"\\]+$/.test(s);
}

/** Sets (or, with an empty address, removes) the e-mail address reminders go to. */
export function setEmail(db: Db, username: string, rawEmail: string, actor: Actor): string | null {
	const email = rawEmail.trim().toLowerCase() || null;
	if (email && !isEmailAddress(email)) throw new UserError(`«${rawEmail.trim()}» non è un indirizzo e-mail valido (es. nome.cognome@provincia.lucca.it)`);
	db.sqlite.transaction(() => {
		const user = requireUser(db, username);
		const before = (db.sqlite.prepare('SELECT email FROM user WHERE id = ?').get(user.id) as { email: string | null }).email;
		if (before === email) return;
		db.sqlite.prepare('UPDATE user SET email = ? WHERE id = ?').run(email, user.id);
		appendAudit(db, actor, { action: 'e-mail modificata', entity: 'utente', ref: username, before: { email: before }, after: { email } });
	})();
	return email;
}

/**
 * First start on a plan: one account per director, one for the general direction, one for the
 * evaluation board, one administrator, each with a random password returned here to be printed once, and stored only as
 * a hash. Does nothing once any account exists.
 */
export async function createInitialAccounts(db: Db): Promise<Array<{ username: string; role: Role; displayName: string; password: string }>> {
	const { n } = db.sqlite.prepare('SELECT count(*) AS n FROM user').get() as { n: number };
	if (n > 0) return [];
	const directors = db.sqlite.prepare('SELECT name FROM director ORDER BY name').all() as Array<{ name: string }>;
	if (directors.length === 0) return [];
	const system: Actor = { userId: null, name: 'avvio' };
	const taken = new Set<string>();
	const planned: NewUser[] = directors.map((d) => {
		// Two people may share a name: the second gets a number.
		let username = usernameFor(d.name);
		for (let n = 2; taken.has(username); n++) username = `${usernameFor(d.name)}${n}`;
		taken.add(username);
		return { username, displayName: d.name, role: 'dirigente', directorName: d.name };
	});
	planned.push({ username: 'direzione', displayName: 'Direzione generale', role: 'direzione' });
	planned.push({ username: 'nucleo', displayName: 'Nucleo di valutazione', role: 'nucleo' });
	// Without an administrator nobody could reopen a validated date from the interface.
	planned.push({ username: 'admin', displayName: 'Amministratore', role: 'admin' });
	// scrypt runs on libuv's thread pool: hashing the accounts side by side uses every core.
	const passwords = await Promise.all(planned.map((u) => createUser(db, u, system)));
	return planned.map((u, i) => ({ username: u.username, role: u.role, displayName: u.displayName, password: passwords[i] }));
}

/** What signing in checks of an account, by user name. */
export function findCredentials(db: Db, username: string): Row<'user', 'id' | 'password_hash' | 'disabled' | 'role'> | undefined {
	return db.sqlite.prepare('SELECT id, password_hash, disabled, role FROM user WHERE username = ?').get(username) as
		| Row<'user', 'id' | 'password_hash' | 'disabled' | 'role'>
		| undefined;
}

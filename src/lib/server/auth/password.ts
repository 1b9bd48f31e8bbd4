import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Passwords are stored only as scrypt hashes: `scrypt$N$r$p$salt$hash` (base64). The parameters travel
 * with the hash, so they can be raised later without breaking existing accounts.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 64;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r }, (err, key) => (err ? reject(err) : resolve(key)))
	);
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, N, R, P);
	return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !hash) return false;
	const expected = Buffer.from(hash, 'base64');
	const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
	return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash that matches no password, checked when the account does not exist, so timing reveals nothing. */
export const UNUSABLE_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;

// No 0/O, 1/l/I: passwords are read off a console and typed by hand.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 20 characters in four groups (~115 bits), e.g. `k7Qm-x2Rb-…`. */
export function generatePassword(): string {
	const groups: string[] = [];
	for (let g = 0; g < 4; g++) {
		let s = '';
		for (let i = 0; i < 5; i++) s += ALPHABET[randomInt(ALPHABET.length)];
		groups.push(s);
	}
	return groups.join('-');
}

export const MIN_PASSWORD_LENGTH = 12;

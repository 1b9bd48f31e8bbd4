import { describe, expect, it } from 'vitest';
import { compareItalian, italianRanks, orderByItalian } from './italian-order';

/** Names as a plan writes them: accents, apostrophes, case, spaces, and some the Italian collator holds equal. */
const NAMES = ['Rossi Mario', 'rossi mario', 'Rossi  Mario', 'Àlberti Anna', 'Alberti Anna', 'alberti anna', "D'Amico Luca", 'De Luca Sara', 'de Luca Sara', 'Bianchi', 'Bianchì', 'Zeta', 'Èrcole', 'Ercole', 'Ercole\u0301', 'Ércole', '', 'Ñandú'];

function random(seed: number) {
	let s = seed >>> 0;
	return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('Italian order with one collator', () => {
	it('compares as localeCompare(…, "it") does', () => {
		for (const a of NAMES) for (const b of NAMES) expect(Math.sign(compareItalian(a, b))).toBe(Math.sign(a.localeCompare(b, 'it')));
	});

	it('ranks keys the collator holds equal together', () => {
		const ranks = italianRanks(NAMES);
		for (const a of NAMES) for (const b of NAMES) expect(Math.sign(ranks.get(a)! - ranks.get(b)!)).toBe(Math.sign(a.localeCompare(b, 'it')));
	});

	it('orders items as a stable sort by localeCompare(…, "it") does, over many random lists', () => {
		for (let seed = 1; seed <= 40; seed++) {
			const r = random(seed);
			// Each list with its own share of the names, so that keys known from earlier lists mix with new ones.
			const names = NAMES.filter(() => r() < 0.7).concat(seed % 5 === 0 ? [`Nuovo ${seed}`, `nuovo ${seed}`] : []);
			if (names.length === 0) continue;
			const items = Array.from({ length: 1 + Math.floor(r() * 300) }, (_, n) => ({ n, name: names[Math.floor(r() * names.length)] }));
			const expected = [...items].sort((a, b) => a.name.localeCompare(b.name, 'it'));
			expect(orderByItalian(items, (i) => i.name)).toEqual(expected);
		}
	});

	it('leaves the list it orders as it was', () => {
		const items = ['b', 'a', 'c'];
		expect(orderByItalian(items, (i) => i)).toEqual(['a', 'b', 'c']);
		expect(items).toEqual(['b', 'a', 'c']);
	});
});

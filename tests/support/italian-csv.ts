/**
 * Writes CSV files the way the programs of other bodies write them and the way Italian Excel saves them,
 * from numbers given as decimal digit strings (so the expected value is exact, never a float's guess).
 */

/** A small seeded generator (mulberry32): a failing run can be repeated with the seed it prints. */
export function random(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
	return { next, int, pick: <T>(xs: readonly T[]) => xs[int(0, xs.length - 1)] };
}

/** A number as its parts: `-60730.5` is { negative: true, integer: '60730', decimals: '5' }. */
export interface Decimal {
	negative: boolean;
	integer: string;
	decimals: string;
}

export function randomDecimal(r: ReturnType<typeof random>, opts: { maxDigits?: number; maxDecimals?: number; signed?: boolean } = {}): Decimal {
	const digits = r.int(1, opts.maxDigits ?? 9);
	let integer = String(r.int(digits === 1 ? 0 : 1, 9));
	for (let i = 1; i < digits; i++) integer += String(r.int(0, 9));
	let decimals = '';
	const places = r.int(0, opts.maxDecimals ?? 3);
	for (let i = 0; i < places; i++) decimals += String(r.int(0, 9));
	decimals = decimals.replace(/0+$/, '');
	const negative = (opts.signed ?? false) && r.next() < 0.3 && !(integer === '0' && decimals === '');
	return { negative, integer, decimals };
}

export const valueOf = (d: Decimal) => Number(`${d.negative ? '-' : ''}${d.integer}${d.decimals ? `.${d.decimals}` : ''}`);

/** As a program writes it: `-60730.5`. */
export const programNumber = (d: Decimal) => `${d.negative ? '-' : ''}${d.integer}${d.decimals ? `.${d.decimals}` : ''}`;

/** As Italian Excel shows and saves it: `-60.730,5` with the thousands format, `-60730,5` without. */
export function excelNumber(d: Decimal, thousands: boolean): string {
	const integer = thousands ? d.integer.replace(/\B(?=(\d{3})+(?!\d))/g, '.') : d.integer;
	return `${d.negative ? '-' : ''}${integer}${d.decimals ? `,${d.decimals}` : ''}`;
}

/** 2022-06-30 → 30/06/2022. */
export const italianDate = (iso: string) => iso.split('-').reverse().join('/');

/** One record; fields quoted only when they must be, as both Excel and most programs do. */
export function csvLine(fields: readonly string[], delimiter: string): string {
	return fields.map((f) => (f.includes(delimiter) || /["\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(delimiter);
}

const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Windows-1252 bytes, as Italian Excel saves "CSV (delimitato dal separatore di elenco)". */
export function windows1252(text: string): Uint8Array {
	return Uint8Array.from([...text].map((c) => {
		const high = CP1252_HIGH.indexOf(c);
		if (high >= 0) return 0x80 + high;
		const code = c.charCodeAt(0);
		if (code > 0xff || (code >= 0x80 && code <= 0x9f)) throw new Error(`«${c}» non è in Windows-1252`);
		return code;
	}));
}

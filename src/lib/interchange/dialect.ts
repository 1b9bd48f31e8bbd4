/**
 * The spellings Italian spreadsheets and programs use for text encodings, numbers, dates and yes/no.
 * Pure functions: each returns a value or null, and the caller turns null into an error with a place.
 */

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export type Encoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

/**
 * Italian Excel saves "CSV" as Windows-1252 or as UTF-8 with a BOM; programs write plain UTF-8.
 * Bytes that are not valid UTF-8 can only be the legacy code page, so that is the fallback.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
	if (UTF8_BOM.every((b, i) => bytes[i] === b)) {
		return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
	}
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
	}
}

// Bytes 0x80–0x9F of Windows-1252 (€, ‘ ’ “ ” …); Node's TextDecoder reads them as Latin-1 control
// characters, losing the euro sign, so the table is spelled out here. Unassigned bytes stay as they are.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeWindows1252(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 8192) {
		const chunk = bytes.subarray(i, i + 8192);
		const chars = new Array<string>(chunk.length);
		for (let j = 0; j < chunk.length; j++) {
			const b = chunk[j];
			chars[j] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
		}
		out += chars.join('');
	}
	return out;
}

/** The separator is whichever of `;`, `,` or tab the header line uses most, outside quotes. */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
	const counts = { ';': 0, ',': 0, '\t': 0 };
	let quoted = false;
	for (const ch of text) {
		if (ch === '"') quoted = !quoted;
		else if (!quoted && (ch === '\n' || ch === '\r')) break;
		else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
	}
	if (counts[';'] >= counts[','] && counts[';'] >= counts['\t'] && counts[';'] > 0) return ';';
	if (counts['\t'] > counts[',']) return '\t';
	return ',';
}

/** `Codice Obiettivo`, `codice-obiettivo`, `Polarità` → `codice_obiettivo`, `polarita`. */
export function normalizeHeader(name: string): string {
	return name
		.replace(/^\uFEFF/, '')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.trim()
		.toLowerCase()
		.replace(/[\s\-.]+/g, '_');
}

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;
const LONE_THOUSANDS = /^-?\d{1,3}\.\d{3}$/;
const THOUSANDS_WITH_COMMA = /^\d{1,3}(\.\d{3})+(,\d+)?$/;
const THOUSANDS_ONLY = /^\d{1,3}(\.\d{3}){2,}$/;

/**
 * Reads `9.294.542,81`, `€ 9.294.542,81`, `9294542,81`, `9294542.81`, `-3,5`, `20%`.
 * One ambiguity remains: `1.500` is one thousand five hundred to Italian Excel but one and a half to a
 * program. Files separated by `;` come from Italian Excel, so there a lone dot before exactly three
 * digits is read as thousands; in files separated by `,` it is a decimal point.
 */
export function parseNumber(raw: string, delimiter: string = ','): number | null {
	// Fast path for what programs write (a million values in one file): plain digits with a dot.
	// `1.500` in a `;` file is thousands: left to the full rules below.
	if (PLAIN_DECIMAL.test(raw) && !(delimiter === ';' && LONE_THOUSANDS.test(raw))) {
		const n = Number(raw);
		if (Number.isFinite(n)) return n;
	}
	let s = raw.trim().replace(/^€\s*|\s*€$/g, '').replace(/\s*%$/, '').replace(/[\s\u00a0']/g, '');
	if (s === '') return null;
	let sign = 1;
	if (s.startsWith('-') || s.startsWith('+')) {
		if (s.startsWith('-')) sign = -1;
		s = s.slice(1).replace(/^€/, '');
	}
	let canonical: string;
	if (s.includes(',')) {
		if (/^\d+,\d+$/.test(s)) canonical = s.replace(',', '.');
		else if (THOUSANDS_WITH_COMMA.test(s)) canonical = s.replace(/\./g, '').replace(',', '.');
		else return null;
	} else if (THOUSANDS_ONLY.test(s)) {
		canonical = s.replace(/\./g, '');
	} else if (delimiter === ';' && /^\d{1,3}\.\d{3}$/.test(s)) {
		canonical = s.replace('.', '');
	} else if (/^(\d+(\.\d*)?|\.\d+)$/.test(s)) {
		canonical = s;
	} else {
		return null;
	}
	const n = Number(canonical);
	return Number.isFinite(n) ? sign * n : null;
}

/** Euro amounts become integer cents, so totals add up exactly. */
export function parseEuroCents(raw: string, delimiter: string = ','): number | null {
	const n = parseNumber(raw, delimiter);
	return n === null ? null : Math.round(n * 100);
}

function isRealDate(y: number, m: number, d: number): boolean {
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

// Files repeat the same few dates on every row: each spelling is parsed once, and every row gets the
// same string back (cheap to compare and to hash). Bounded, so odd files cannot grow it without end.
const dateCache = new Map<string, string | null>();
const DATE_CACHE_LIMIT = 10_000;

/** `2022-06-30` or `30/06/2022` (also `30-06-2022`, `30.06.2022`, `1/7/2022`) → `2022-06-30`. */
export function parseDate(raw: string): string | null {
	let date = dateCache.get(raw);
	if (date === undefined) {
		if (dateCache.size >= DATE_CACHE_LIMIT) dateCache.clear();
		date = parseDateUncached(raw);
		dateCache.set(raw, date);
	}
	return date;
}

function parseDateUncached(raw: string): string | null {
	const s = raw.trim();
	let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	let y: number, mo: number, d: number;
	if (m) {
		[y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	} else {
		m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
		if (!m) return null;
		[d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
	}
	if (!isRealDate(y, mo, d)) return null;
	return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const YES = new Set(['si', 'sì', 'sí', 's', '1', 'vero', 'true', 'yes', 'on', 'fatto', 'raggiunto']);
const NO = new Set(['no', 'n', '0', 'falso', 'false', 'off', 'non fatto', 'non raggiunto']);

/** Yes/no indicators: `sì`, `si`, `1`, `vero`, `on` → 1; `no`, `0`, `falso`, `off` → 0. */
export function parseYesNo(raw: string): 0 | 1 | null {
	const s = raw.trim().toLowerCase();
	if (YES.has(s)) return 1;
	if (NO.has(s)) return 0;
	return null;
}

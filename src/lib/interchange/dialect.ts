/**
 * The spellings Italian spreadsheets and programs use for text encodings, numbers, dates and yes/no.
 * Pure functions: each returns a value or null, and the caller turns null into an error with a place.
 */

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export type Encoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

/** Where and why a file could not be decoded: 1-based line, 1-based byte within that line. */
export interface DecodeFailure {
	line: number;
	byte: number;
	/** 0-based offset of the byte in the whole file. */
	offset: number;
	message: string;
}

/**
 * Italian Excel saves "CSV" as Windows-1252 or as UTF-8 with a BOM; programs write plain UTF-8.
 * The rule, in this order (documented in docs/formato-csv.md):
 * - a BOM says UTF-8: every byte after it must be valid UTF-8;
 * - bytes that are valid UTF-8 are UTF-8, never Windows-1252;
 * - bytes that are not valid UTF-8 are Windows-1252 only if the file holds no UTF-8 sequence of two or
 *   more bytes (otherwise it is a UTF-8 file with stray bytes pasted in: reading it as Windows-1252
 *   would turn every «à» into «Ã »), no byte Windows-1252 leaves undefined and no control character
 *   other than tab and line ends.
 * Anything else is refused with the line and the byte where decoding fails: guessing would store
 * garbled text without a word.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } | { error: DecodeFailure } {
	if (UTF8_BOM.every((b, i) => bytes[i] === b)) {
		const body = bytes.subarray(3);
		try {
			return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8-bom' };
		} catch {
			const scan = scanUtf8(body);
			return { error: failureAt(bytes, scan.firstInvalid + 3, 'il file dichiara la codifica UTF-8 (BOM iniziale) ma contiene un byte che non è UTF-8 valido') };
		}
	}
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		const scan = scanUtf8(bytes);
		if (scan.firstMultibyte >= 0) {
			return {
				error: failureAt(
					bytes,
					scan.firstInvalid,
					`codifica mista: il file contiene caratteri UTF-8 (riga ${lineOf(bytes, scan.firstMultibyte)}) e byte che non sono UTF-8 valido`
				)
			};
		}
		const bad = firstNonWindows1252(bytes);
		if (bad >= 0) return { error: failureAt(bytes, bad, 'il file non è né UTF-8 né Windows-1252 (byte non ammesso in un testo)') };
		return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
	}
}

function lineOf(bytes: Uint8Array, offset: number): number {
	let line = 1;
	for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
	return line;
}

function failureAt(bytes: Uint8Array, offset: number, reason: string): DecodeFailure {
	let lineStart = 0;
	for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) lineStart = i + 1;
	const line = lineOf(bytes, offset);
	const byte = offset - lineStart + 1;
	const hex = bytes[offset].toString(16).toUpperCase().padStart(2, '0');
	return {
		line,
		byte,
		offset,
		message: `${reason}: riga ${line}, byte ${byte} della riga (0x${hex}). Salvare il file come «CSV UTF-8» o «CSV (delimitato dal separatore di elenco)» e riprovare`
	};
}

/** The first byte that breaks UTF-8 (-1: none) and the first valid sequence of two or more bytes (-1: none). */
export function scanUtf8(bytes: Uint8Array): { firstInvalid: number; firstMultibyte: number } {
	let firstInvalid = -1;
	let firstMultibyte = -1;
	const cont = (i: number, lo = 0x80, hi = 0xbf) => i < bytes.length && bytes[i] >= lo && bytes[i] <= hi;
	for (let i = 0; i < bytes.length; ) {
		const b = bytes[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		let n = 0;
		if (b >= 0xc2 && b <= 0xdf) n = cont(i + 1) ? 2 : 0;
		else if (b === 0xe0) n = cont(i + 1, 0xa0) && cont(i + 2) ? 3 : 0;
		else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) n = cont(i + 1) && cont(i + 2) ? 3 : 0;
		else if (b === 0xed) n = cont(i + 1, 0x80, 0x9f) && cont(i + 2) ? 3 : 0;
		else if (b === 0xf0) n = cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
		else if (b >= 0xf1 && b <= 0xf3) n = cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
		else if (b === 0xf4) n = cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3) ? 4 : 0;
		if (n === 0) {
			if (firstInvalid < 0) firstInvalid = i;
			i++;
		} else {
			if (firstMultibyte < 0) firstMultibyte = i;
			i += n;
		}
		if (firstInvalid >= 0 && firstMultibyte >= 0) break;
	}
	return { firstInvalid, firstMultibyte };
}

/** Bytes no Windows-1252 text holds: the five the code page leaves undefined, and control characters. */
function firstNonWindows1252(bytes: Uint8Array): number {
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i];
		if (b < 0x20 ? b !== 0x09 && b !== 0x0a && b !== 0x0d : b === 0x7f || b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d) return i;
	}
	return -1;
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

/**
 * devalue's `uneval`, which SvelteKit uses to write a hydrated page's data into the page as
 * JavaScript, with a shorter way through for the data pages actually carry: a tree of plain objects,
 * dense arrays, strings, numbers, booleans, null and undefined, where no object appears twice.
 *
 * Why: for that data devalue walks the tree twice (once to count references, once to write) and
 * escapes strings one character at a time. On the objective page at 100 times the plan this was a
 * tenth of the server's time for a page rendered from scratch (BENCHMARKS.md, «Sessione 11»). The
 * way through writes the same text in one walk, and tests a string with one regular expression
 * before escaping it.
 *
 * The text is devalue's, character for character: src/lib/server/render/fast-uneval.test.ts compares
 * the two on thousands of random trees and on every special case. Anything else (a repeated object,
 * a long string that appears twice and that devalue might hoist into a variable, a Date, a Map, an
 * object without Object.prototype, a sparse array, a promise, a function, a symbol) goes to devalue
 * itself, untouched.
 *
 * The replacer (SvelteKit's: its `transport` hooks, and promises for streamed data) is called for
 * every object and array in the same order as devalue calls it. Before a value that could be a
 * promise it gives up: SvelteKit's replacer registers a promise when it sees one, and devalue, called
 * next, would see it again. The app's transport encoders only test `instanceof` (src/hooks.ts), so
 * calling them again after giving up changes nothing.
 *
 * Installed for the server build only by src/lib/vite/kit-server-replacements-plugin.js.
 */
type Replacer = (value: unknown, uneval: (value: unknown) => string) => string | void;
type Uneval = (value: unknown, replacer?: Replacer) => string;

/** Strings at least this long are counted by devalue, and hoisted when they repeat (MIN_STRING_LENGTH). */
const LONG_STRING = 128;

/** devalue's `uneval` with the way through in front; `original` answers whatever the way through declines. */
export function withFastPath(original: Uneval): Uneval {
	const uneval: Uneval = (value, replacer) => {
		const written = fastUneval(value, replacer, uneval);
		return written ?? original(value, replacer);
	};
	return uneval;
}

/** Thrown inside the walk to give the value to devalue. */
const DECLINE = Symbol('declined');

/** The text devalue's `uneval` writes for `value`, or null when `value` is not data this writes. */
export function fastUneval(value: unknown, replacer: Replacer | undefined, self: Uneval): string | null {
	const seen = new Set<object>();
	let longStrings: Set<string> | undefined;

	const write = (thing: unknown): string => {
		switch (typeof thing) {
			case 'string':
				if (thing.length >= LONG_STRING) {
					longStrings ??= new Set();
					if (longStrings.has(thing)) throw DECLINE;
					longStrings.add(thing);
				}
				return stringifyString(thing);
			case 'number':
				if (thing === 0 && 1 / thing < 0) return '-0';
				return String(thing).replace(/^(-)?0\./, '$1.');
			case 'boolean':
				return String(thing);
			case 'undefined':
				return 'void 0';
			case 'object':
				break;
			default:
				throw DECLINE; // bigint, symbol, function
		}
		if (thing === null) return 'null';
		if (seen.has(thing)) throw DECLINE;
		seen.add(thing);
		if (typeof (thing as { then?: unknown }).then === 'function') throw DECLINE;
		if (replacer) {
			const custom = replacer(thing, (v) => self(v, replacer));
			if (typeof custom === 'string') return custom;
		}
		if (Array.isArray(thing)) {
			if (Object.prototype.toString.call(thing) !== '[object Array]') throw DECLINE;
			let out = '[';
			for (let i = 0; i < thing.length; i++) {
				if (!Object.hasOwn(thing, i)) throw DECLINE; // a hole: devalue has its own ways
				if (i > 0) out += ',';
				out += write(thing[i]);
			}
			return out + ']';
		}
		if (Object.getPrototypeOf(thing) !== Object.prototype || Object.prototype.toString.call(thing) !== '[object Object]') throw DECLINE;
		if (Object.getOwnPropertySymbols(thing).length > 0) throw DECLINE;
		const record = thing as Record<string, unknown>;
		let out = '{';
		let first = true;
		for (const key of Object.keys(record)) {
			if (key === '__proto__') throw DECLINE;
			if (!first) out += ',';
			first = false;
			out += safeKey(key) + ':' + write(record[key]);
		}
		return out + '}';
	};

	try {
		return write(value);
	} catch (e) {
		if (e === DECLINE) return null;
		throw e;
	}
}

const IDENTIFIER = /^[_$a-zA-Z][_$a-zA-Z0-9]*$/;
const UNSAFE_IN_KEY = /[<\b\f\n\r\t\0\u2028\u2029]/g;
const KEY_ESCAPES: Record<string, string> = { '<': '\\u003C', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** devalue's safe_key. */
function safeKey(key: string): string {
	return IDENTIFIER.test(key) ? key : JSON.stringify(key).replace(UNSAFE_IN_KEY, (c) => KEY_ESCAPES[c] || c);
}

/** Every character devalue's stringify_string changes: ", <, \, the control characters, U+2028, U+2029. */
const NEEDS_ESCAPE = /["<\\\u0000-\u001f\u2028\u2029]/;

/** devalue's stringify_string: the same text, the common case (nothing to escape) in one test. */
export function stringifyString(str: string): string {
	if (!NEEDS_ESCAPE.test(str)) return `"${str}"`;
	let result = '';
	let last = 0;
	for (let i = 0; i < str.length; i++) {
		const replacement = escapedChar(str[i]);
		if (replacement) {
			result += str.slice(last, i) + replacement;
			last = i + 1;
		}
	}
	return `"${last === 0 ? str : result + str.slice(last)}"`;
}

function escapedChar(char: string): string {
	switch (char) {
		case '"':
			return '\\"';
		case '<':
			return '\\u003C';
		case '\\':
			return '\\\\';
		case '\n':
			return '\\n';
		case '\r':
			return '\\r';
		case '\t':
			return '\\t';
		case '\b':
			return '\\b';
		case '\f':
			return '\\f';
		case '\u2028':
			return '\\u2028';
		case '\u2029':
			return '\\u2029';
		default:
			return char < ' ' ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : '';
	}
}

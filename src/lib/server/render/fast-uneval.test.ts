import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { fastUneval, stringifyString, withFastPath } from './fast-uneval';
// The project's seeded generator (mulberry32): the same trees on every run, and a seed to quote on failure.
import { random } from '../../../../tests/support/italian-csv';

type Replacer = (value: unknown, uneval: (value: unknown) => string) => string | void;
type Uneval = (value: unknown, replacer?: Replacer) => string;

// The reference is the installed devalue's own uneval, loaded from a copy of its sources: in this test
// run (as in the server build) the package itself comes through kit-server-replacements-plugin.js, with
// the way through in front. The copy's folder is not named `devalue`, so the plugin leaves it alone.
let devalueUneval: Uneval;
beforeAll(async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devalue-original-'));
	fs.cpSync(path.resolve('node_modules/devalue/src'), path.join(dir, 'src'), { recursive: true });
	devalueUneval = (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'src/uneval.js')).href)).uneval;
});

class Marked {
	constructor(readonly html: string) {}
}

const PIECES = ['a', 'Z', ' ', 'à', 'è', '’', '—', '€', '"', "'", '<', '>', '&', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\0', '\u0001', '\u001f', '\u2028', '\u2029', '😀', '\ud800', '\udfff', '</script>', '<!--', '${x}', '`'];
const KEYS = ['id', 'code', 'title', '_x', '$y', 'a1', '1', '01', '', 'a-b', 'a b', 'è', '<k>', 'new', 'class', 'valueOf', 'constructor', 'x\u2028y', '\n'];
const NUMBERS = [0, -0, 1, -1, 0.5, -0.5, 0.05, 12.25, 1e21, 1e-7, -1e-7, 123456789.123, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2];

function tree(seed: number) {
	const r = random(seed);
	const shared: object[] = [];
	const longs: string[] = [];
	const string = (): string => {
		if (r.next() < 0.1) {
			if (longs.length > 0 && r.next() < 0.3) return r.pick(longs);
			const long = Array.from({ length: 130 + Math.floor(r.next() * 40) }, () => r.pick(PIECES)).join('');
			longs.push(long);
			return long;
		}
		return Array.from({ length: Math.floor(r.next() * 8) }, () => r.pick(PIECES)).join('');
	};
	const value = (depth: number): unknown => {
		const roll = r.next();
		if (depth > 3 || roll < 0.35) {
			return r.pick<() => unknown>([string, string, () => r.pick(NUMBERS), () => r.next() < 0.5, () => null, () => undefined])();
		}
		if (roll < 0.38 && shared.length > 0) return r.pick(shared); // the same object twice
		if (roll < 0.4) return new Date(Math.floor(r.next() * 2e12));
		if (roll < 0.41) return new Map([[string(), value(depth + 1)]]);
		if (roll < 0.43) return new Marked(string()); // what the replacer writes itself
		if (roll < 0.44) return Object.assign(Object.create(null), { a: value(depth + 1) });
		if (roll < 0.45) {
			const sparse: unknown[] = [];
			sparse[3] = value(depth + 1);
			return sparse;
		}
		if (roll < 0.7) {
			const list = Array.from({ length: Math.floor(r.next() * 5) }, () => value(depth + 1));
			if (r.next() < 0.2) shared.push(list);
			return list;
		}
		const object: Record<string, unknown> = {};
		for (let k = Math.floor(r.next() * 6); k > 0; k--) object[r.pick(KEYS)] = value(depth + 1);
		if (r.next() < 0.2) shared.push(object);
		return object;
	};
	return { page: value(0), list: [value(1), value(1)] };
}

function outcome(run: () => string): { text: string } | { error: string } {
	try {
		return { text: run() };
	} catch (e) {
		return { error: `${(e as Error).name}: ${(e as Error).message}` };
	}
}

/** A replacer like SvelteKit's with the app's transport: writes Marked itself, and says what it saw. */
function recordingReplacer(calls: string[]): Replacer {
	return (thing, uneval) => {
		calls.push(Array.isArray(thing) ? `array ${thing.length}` : thing instanceof Marked ? 'marked' : typeof thing);
		if (thing instanceof Marked) return `app.decode('Marked', ${uneval([thing.html])})`;
	};
}

describe('devalue uneval with the way through for plain data', () => {
	it('writes exactly what devalue writes, on 3.000 random trees (repeats, Dates, Maps, sparse arrays, odd keys and strings)', () => {
		let fast = 0;
		for (let seed = 1; seed <= 3000; seed++) {
			const value = tree(seed);
			const ours = withFastPath(devalueUneval);
			const seenByOurs: string[] = [];
			const seenByDevalue: string[] = [];
			const expected = devalueUneval(value, recordingReplacer(seenByDevalue));
			expect(ours(value, recordingReplacer(seenByOurs)), `seme ${seed}`).toBe(expected);
			// Without a replacer a Marked is an error for devalue: the same error, or the same text.
			expect(outcome(() => ours(value)), `seme ${seed}, senza replacer`).toEqual(outcome(() => devalueUneval(value)));
			const direct = fastUneval(value, recordingReplacer([]), ours);
			if (direct !== null) {
				fast++;
				// Taken the way through: the replacer saw the same values in the same order as devalue's walk.
				expect(seenByOurs, `seme ${seed}`).toEqual(seenByDevalue);
			}
		}
		// Both ways were exercised: most trees are plain data, many have something devalue must do itself.
		expect(fast).toBeGreaterThan(600);
		expect(fast).toBeLessThan(2900);
	});

	it('writes exactly what devalue writes for each kind of primitive, key and string', () => {
		const ours = withFastPath(devalueUneval);
		for (const n of NUMBERS) expect(ours({ n, list: [n] })).toBe(devalueUneval({ n, list: [n] }));
		for (const key of KEYS) expect(ours({ [key]: 1 })).toBe(devalueUneval({ [key]: 1 }));
		for (let c = 0; c < 0x3000; c++) {
			const s = `x${String.fromCharCode(c)}y`;
			expect(stringifyString(s)).toBe(devalueUneval(s));
		}
		for (const s of PIECES) expect(ours([s, `${s}${s}`])).toBe(devalueUneval([s, `${s}${s}`]));
		expect(ours([undefined, null, true, false, '', [], {}])).toBe('[void 0,null,true,false,"",[],{}]');
		expect(fastUneval({ a: [{ b: 'c' }] }, undefined, devalueUneval)).toBe('{a:[{b:"c"}]}');
	});

	it('gives devalue the values it has its own ways for', () => {
		const shared = { x: 1 };
		const long = 'l'.repeat(200);
		const withProtoKey = JSON.parse('{"__proto__": 1}');
		for (const value of [[shared, shared], [long, long], new Date(0), new Map(), new Set([1]), Object.create(null), [, 1], 10n, withProtoKey, { [Symbol('s')]: 1 }, new Marked('x')]) {
			expect(fastUneval(value, undefined, devalueUneval)).toBeNull();
		}
		expect(() => withFastPath(devalueUneval)({ f: () => 1 })).toThrow(/Cannot stringify a function/);
		// One long string once is plain data; twice, devalue may hoist it into a variable.
		expect(fastUneval([long], undefined, devalueUneval)).toBe(devalueUneval([long]));
		expect(withFastPath(devalueUneval)([long, long])).toBe(devalueUneval([long, long]));
	});

	it('never shows a promise to the replacer before devalue does: SvelteKit registers each promise it sees', () => {
		const promise = Promise.resolve(1);
		const registered: unknown[] = [];
		const replacer: Replacer = (thing) => {
			if (typeof (thing as { then?: unknown })?.then === 'function') {
				registered.push(thing);
				return `defer(${registered.length})`;
			}
		};
		const value = { before: { a: 1 }, streamed: promise, after: [2] };
		const ours = withFastPath(devalueUneval)(value, replacer);
		expect(registered).toEqual([promise]);
		expect(ours).toBe('{before:{a:1},streamed:defer(1),after:[2]}');
	});
});

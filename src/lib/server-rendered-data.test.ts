import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isServerRenderedOnly, serverRenderedOnly } from './server-rendered-data';
import { transport } from '../hooks';

describe('serverRenderedOnly', () => {
	const shared = { nested: { a: 1 } };
	const list = [shared, 2];
	const data = { plan: { year: 2022, nested: shared.nested }, rows: list, count: 3, name: 'x', none: null, date: new Date(0) };
	const marked = serverRenderedOnly(data);

	it('keeps every value readable as before, for the server’s rendering', () => {
		expect(marked.plan.year).toBe(2022);
		expect(marked.plan.nested).toBe(shared.nested);
		expect(Array.isArray(marked.rows)).toBe(true);
		expect(marked.rows.map((r) => (typeof r === 'number' ? r : r.nested.a))).toEqual([1, 2]);
		expect({ ...marked.plan }).toEqual(data.plan);
		expect(JSON.stringify(marked)).toBe(JSON.stringify(data));
		expect([marked.count, marked.name, marked.none, marked.date]).toEqual([3, 'x', null, data.date]);
	});

	it('marks the top-level objects and arrays, and never the objects it was given (shared with other pages)', () => {
		expect(isServerRenderedOnly(marked.plan)).toBe(true);
		expect(isServerRenderedOnly(marked.rows)).toBe(true);
		expect(isServerRenderedOnly(data.plan)).toBe(false);
		expect(isServerRenderedOnly(list)).toBe(false);
		expect(isServerRenderedOnly(marked.plan.nested)).toBe(false);
		expect(Object.getPrototypeOf(data.plan)).toBe(Object.prototype);
		expect(isServerRenderedOnly(marked.date)).toBe(false);
	});

	it('is what the transport hook replaces with an empty marker, and nothing else', () => {
		const { encode } = transport.ServerRenderedOnly;
		expect(encode(marked.plan)).toEqual([]);
		expect(encode(marked.rows)).toEqual([]);
		expect(encode(data.plan)).toBe(false);
		expect(encode([1])).toBe(false);
		expect(encode('testo')).toBe(false);
	});
});

describe('pages that use it', () => {
	// A hydrated page would get an empty marker instead of its data: only pages without client JS may use it.
	const routes = path.resolve('src/routes');
	const files = (fs.readdirSync(routes, { recursive: true }) as string[]).filter((f) => f.endsWith('+page.server.ts'));
	const users = files.filter((f) => fs.readFileSync(path.join(routes, f), 'utf8').includes('serverRenderedOnly('));

	it('are the read-only pages', () => {
		expect(users.length).toBeGreaterThanOrEqual(7);
	});
	it.each(users)('%s ships no JavaScript (csr = false)', (f) => {
		const source = fs.readFileSync(path.join(routes, f), 'utf8');
		expect(source).toMatch(/^export const csr = false;$/m);
	});
});

import { describe, expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage';

describe('collectGarbage', () => {
	it('runs a full collection without --expose-gc on the command line, and frees what nothing holds', () => {
		let garbage: Array<{ i: number; text: string }> | null = Array.from({ length: 300_000 }, (_, i) => ({ i, text: `riga ${i}` }));
		expect(garbage.length).toBe(300_000);
		const before = process.memoryUsage().heapUsed;
		garbage = null;
		const took = collectGarbage();
		expect(took).not.toBeNull();
		expect(took!).toBeGreaterThanOrEqual(0);
		// 300.000 small objects and strings are well over 10 MB; after the collection they are gone.
		expect(before - process.memoryUsage().heapUsed).toBeGreaterThan(10_000_000);
	});
});

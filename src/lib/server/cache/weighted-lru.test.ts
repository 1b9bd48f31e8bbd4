import { describe, expect, it } from 'vitest';
import { WeightedLru } from './weighted-lru';

describe('WeightedLru', () => {
	it('evicts the least recently used entries once the total weight passes the limit', () => {
		const lru = new WeightedLru<string, string>(10, (v) => v.length);
		lru.set('a', 'xxxx');
		lru.set('b', 'xxxx');
		expect(lru.get('a')).toBe('xxxx'); // a is now the most recently used
		lru.set('c', 'xxxx'); // 12 > 10: b goes, not a
		expect(lru.get('b')).toBeUndefined();
		expect(lru.get('a')).toBe('xxxx');
		expect(lru.get('c')).toBe('xxxx');
		expect(lru.weight).toBe(8);
	});

	it('replaces a key without counting it twice, and refuses a value heavier than the cache', () => {
		const lru = new WeightedLru<string, string>(10, (v) => v.length);
		lru.set('a', 'xxxx');
		lru.set('a', 'xxxxxx');
		expect(lru.weight).toBe(6);
		lru.set('big', 'x'.repeat(11));
		expect(lru.get('big')).toBeUndefined();
		expect(lru.get('a')).toBe('xxxxxx');
		lru.clear();
		expect([lru.size, lru.weight]).toEqual([0, 0]);
	});
});

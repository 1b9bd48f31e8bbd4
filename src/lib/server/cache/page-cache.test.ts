import { describe, expect, it } from 'vitest';
import { cacheableUrl, MAX_PAGES_PER_CLIENT, PageCache, type StoredPage } from './page-cache';

const page = (): StoredPage => ({ status: 200, headers: [], body: new Uint8Array(10), etag: '"x"' });
const key = (url: string) => ({ url, userId: 0, today: '2022-06-30' });

describe('page cache keys', () => {
	it('keys on the parameters the page reads, in a fixed order', () => {
		expect(cacheableUrl(new URL('http://h/?dirigente=3&anno=2022'))).toBe('/?anno=2022&dirigente=3');
		expect(cacheableUrl(new URL('http://h/?anno=2022&dirigente=3'))).toBe('/?anno=2022&dirigente=3');
		expect(cacheableUrl(new URL('http://h/cerca?q=strade'))).toBe('/cerca?q=strade');
		expect(cacheableUrl(new URL('http://h/trasparenza'))).toBe('/trasparenza');
	});

	it('does not store a URL with parameters no page reads, nor oversized values', () => {
		expect(cacheableUrl(new URL('http://h/?anno=2022&x=1'))).toBeNull();
		expect(cacheableUrl(new URL('http://h/trasparenza?utm_source=a'))).toBeNull();
		expect(cacheableUrl(new URL(`http://h/cerca?q=${'a'.repeat(201)}`))).toBeNull();
	});
});

describe('page cache share per client', () => {
	it('lets one client store only its share between two data changes; others are unaffected', () => {
		const cache = new PageCache(64 * 1024 * 1024);
		let stored = 0;
		for (let i = 0; i < MAX_PAGES_PER_CLIENT + 50; i++) if (cache.set('r1', key(`/?pagina=${i}`), page(), 'indirizzo:10.0.0.9')) stored++;
		expect(stored).toBe(MAX_PAGES_PER_CLIENT);
		expect(cache.get('r1', key('/?pagina=0'))).toBeDefined();
		expect(cache.get('r1', key(`/?pagina=${MAX_PAGES_PER_CLIENT}`))).toBeUndefined();
		expect(cache.set('r1', key('/'), page(), 'utente:4')).toBe(true);
		// After a data change the share starts again.
		expect(cache.set('r2', key('/?pagina=1'), page(), 'indirizzo:10.0.0.9')).toBe(true);
	});
});

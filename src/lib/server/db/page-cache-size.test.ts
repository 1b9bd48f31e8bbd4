/**
 * The server's SQLite page cache is SQLite's own 2 MB, not the 16 MB better-sqlite3 builds in: at 100 times
 * the plan the larger one, filled by the full evaluations, kept the server's RSS ~35 MiB higher.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { limitServerPageCache, openMigratedDatabase, SERVER_PAGE_CACHE_KIB, type Db } from './database';

const opened: Db[] = [];
afterEach(async () => {
	for (const db of opened.splice(0)) await db.close();
});

const cacheKib = (db: Db) => -(db.sqlite.pragma('cache_size', { simple: true }) as number);

describe('cache delle pagine di SQLite del server', () => {
	it('la connessione del server ha la cache di SQLite, più piccola di quella di better-sqlite3', async () => {
		const cli = await openMigratedDatabase(':memory:');
		const server = await openMigratedDatabase(':memory:');
		opened.push(cli, server);
		limitServerPageCache(server);
		expect(cacheKib(server)).toBe(SERVER_PAGE_CACHE_KIB);
		expect(SERVER_PAGE_CACHE_KIB).toBeLessThanOrEqual(2000);
		// The importer and the other commands keep the library's larger cache: they write indexes in bulk.
		expect(cacheKib(cli)).toBeGreaterThanOrEqual(16_000);
	});
});

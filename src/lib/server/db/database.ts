import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider, type SqliteDatabase } from 'kysely';
import { migrations } from '../../../../db/migrations/index';
import type { Database } from './schema';
import { recordQuery } from './query-counter';

/**
 * One open database: kysely for the queries pages make, and the raw better-sqlite3 handle for the
 * bulk paths (import, backup) where prepared statements inside one synchronous transaction are both
 * the fastest way and the one that guarantees all-or-nothing.
 */
export interface Db {
	kysely: Kysely<Database>;
	sqlite: SQLite.Database;
	path: string;
	close(): Promise<void>;
}

export const DEFAULT_DATABASE_PATH = 'db/cruscotto.sqlite';

export function databasePathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
	return env.DATABASE_PATH?.trim() || DEFAULT_DATABASE_PATH;
}

export function openDatabase(file: string): Db {
	if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	const sqlite = new SQLite(file);
	sqlite.pragma('journal_mode = WAL');
	return wrap(sqlite, file);
}

/**
 * A private copy in memory of a database file, for a dry run: nothing beside the file is created,
 * migrated or touched, not even the -shm file every reader of a WAL database writes its read marks to.
 * The file and its -wal (the newest pages, while the server has it open) are copied to a temporary
 * folder, opened there, read into memory and removed. A file that does not exist gives an empty database.
 * Migrate it with `migrateToLatest`.
 */
export function openSnapshot(file: string): Db {
	if (file === ':memory:' || !fs.existsSync(file)) return wrap(new SQLite(':memory:'), file);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cruscotto-prova-'));
	let bytes: Buffer;
	try {
		const copy = path.join(dir, 'copia.sqlite');
		fs.copyFileSync(file, copy);
		if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
		const reader = new SQLite(copy);
		try {
			bytes = reader.serialize();
		} finally {
			reader.close();
		}
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	// Bytes 18–19 say "WAL"; an in-memory database cannot be in WAL mode, so it would not open.
	if (bytes.length >= 20) bytes[18] = bytes[19] = 1;
	return wrap(bytes.length > 0 ? new SQLite(bytes) : new SQLite(':memory:'), file);
}

function wrap(sqlite: SQLite.Database, file: string): Db {
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	const kysely = new Kysely<Database>({
		dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
		log: (event) => recordQuery(event.queryDurationMillis, event.query.sql)
	});
	return {
		kysely,
		sqlite,
		path: file,
		// kysely's destroy() closes the better-sqlite3 handle too.
		close: () => kysely.destroy()
	};
}

/**
 * kysely prepares every query again (6–35 µs each, a dozen per page); the same SQL text gets the same
 * prepared statement back here. Safe because better-sqlite3 runs a statement to completion before it
 * returns, and nothing here streams (`.stream()` would iterate a statement across awaits).
 * Bounded by count and by SQL length: a query with an IN list of thousands of ids (a director's
 * objectives at 100 times the plan) is a statement of hundreds of kilobytes outside the JS heap, and
 * each list length is its own text; 500 of them held the server's memory at several hundred MiB.
 */
const MAX_CACHED_STATEMENTS = 500;
const MAX_CACHED_SQL_CHARACTERS = 1_000_000;

function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
	const statements = new Map<string, SQLite.Statement>();
	let characters = 0;
	return {
		close: () => sqlite.close(),
		prepare(query) {
			let statement = statements.get(query);
			if (statement) {
				statements.delete(query); // most recently used goes last
			} else {
				statement = sqlite.prepare(query);
				characters += query.length;
				while (statements.size > 0 && (statements.size >= MAX_CACHED_STATEMENTS || characters > MAX_CACHED_SQL_CHARACTERS)) {
					const oldest = statements.keys().next().value!;
					statements.delete(oldest);
					characters -= oldest.length;
				}
			}
			statements.set(query, statement);
			return statement;
		}
	};
}

const staticProvider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<void> {
	const migrator = new Migrator({ db: db.kysely, provider: staticProvider });
	const { error, results } = await migrator.migrateToLatest();
	if (error) {
		const failed = results?.find((r) => r.status === 'Error');
		throw new Error(`Migrazione del database non riuscita${failed ? ` (${failed.migrationName})` : ''}: ${String(error)}`);
	}
}

/** Opens and migrates: what the server and every CLI command start with. */
export async function openMigratedDatabase(file: string): Promise<Db> {
	const db = openDatabase(file);
	try {
		await migrateToLatest(db);
	} catch (e) {
		await db.close();
		throw e;
	}
	keepPlannerStatistics(db);
	return db;
}

/**
 * The page cache of the server's connection, in KiB: SQLite's own default. better-sqlite3 builds SQLite
 * with 16 MB (SQLITE_DEFAULT_CACHE_SIZE=-16000), which the server's full evaluations (they read the whole
 * plan) fill, in malloc's main arena, beside everything else the server allocates there; the sorts of
 * those reads keep up to as much in memory. The file's pages stay in the system's page cache anyway.
 * Measured at 100 times the plan (BENCHMARKS.md, «La memoria dopo i carichi delle pagine»): RSS after the
 * page loads 354 → 319 MiB, with rendered pages and the first overview after a write no slower.
 * Bulk work (the CLI importer, the server's first seeding) keeps the larger cache: it writes indexes.
 */
export const SERVER_PAGE_CACHE_KIB = 2000;

/** Bounds the connection's page cache to SERVER_PAGE_CACHE_KIB: for the server, once its seeding is done. */
export function limitServerPageCache(db: Db): void {
	db.sqlite.pragma(`cache_size = -${SERVER_PAGE_CACHE_KIB}`);
}

/**
 * SQLite chooses its indexes from table statistics (ANALYZE). Without them it guessed that a plan's
 * objectives are best found by plan and then filtered by director: on a plan of 7.700 objectives a
 * director's rows took 20–160 ms, in every save of the Da aggiornare form, instead of 0,1 ms through
 * the director's index. A database without statistics (made before this, or empty at its first
 * start) gets them now; otherwise SQLite's own `optimize` refreshes what needs it (cheap: it checks).
 */
function keepPlannerStatistics(db: Db): void {
	const analyzed = db.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").get() !== undefined;
	if (analyzed) db.sqlite.pragma('optimize = 0x10002');
	else analyzeTables(db);
}

/** Table statistics for the query planner, after a change in bulk (an import). A sample is enough. */
export function analyzeTables(db: Db): void {
	db.sqlite.pragma('analysis_limit = 1000');
	db.sqlite.exec('ANALYZE');
}

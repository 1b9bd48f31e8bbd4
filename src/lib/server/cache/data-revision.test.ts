import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openMigratedDatabase, type Db } from '../db/database';
import { dataRevision } from './data-revision';

const open: Db[] = [];
afterEach(async () => {
	for (const db of open.splice(0)) await db.close();
});

async function onFile(file: string): Promise<Db> {
	const db = await openMigratedDatabase(file);
	open.push(db);
	return db;
}

describe('dataRevision', () => {
	it('stays put while nothing is written, and moves on a write through the same connection', async () => {
		const db = await onFile(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rev-')), 'a.sqlite'));
		const first = dataRevision(db);
		db.sqlite.prepare('SELECT count(*) FROM objective').get();
		expect(dataRevision(db)).toBe(first);
		db.sqlite.prepare("INSERT INTO setting (key, value) VALUES ('prova', '1')").run();
		const second = dataRevision(db);
		expect(second).not.toBe(first);
		// A statement that changes no row changes no content.
		db.sqlite.prepare("UPDATE setting SET value = '2' WHERE key = 'nessuna'").run();
		expect(dataRevision(db)).toBe(second);
	});

	it('moves when another connection (another process: the CLI) commits to the same file', async () => {
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rev-')), 'b.sqlite');
		const server = await onFile(file);
		const cli = await onFile(file);
		const before = dataRevision(server);
		cli.sqlite.prepare("INSERT INTO setting (key, value) VALUES ('prova', '1')").run();
		expect(dataRevision(server)).not.toBe(before);
	});
});

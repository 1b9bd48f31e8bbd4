import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { freshDb } from '../testing/db';
import { RevisionMemo } from './revision-memo';

let db: Db;
beforeAll(async () => {
	db = await freshDb();
});
afterAll(async () => {
	await db.close();
});

describe('RevisionMemo', () => {
	it('keeps a value until the data changes, then forgets it', () => {
		const memo = new RevisionMemo<number>(10, () => 1);
		memo.current(db).set('a', 1);
		expect(memo.current(db).get('a')).toBe(1);
		db.sqlite.prepare("INSERT INTO setting (key, value) VALUES ('memo', '1')").run();
		expect(memo.current(db).get('a')).toBeUndefined();
	});

	it('does not store a value computed before a write that another caller has already seen', () => {
		const memo = new RevisionMemo<string>(10, () => 1);
		const slow = memo.current(db); // a request starts computing…
		db.sqlite.prepare("UPDATE setting SET value = '2' WHERE key = 'memo'").run();
		memo.current(db).set('a', 'new'); // …another sees the write and stores its result…
		slow.set('a', 'old'); // …then the first one finishes: its result is dropped
		expect(memo.current(db).get('a')).toBe('new');
	});
});

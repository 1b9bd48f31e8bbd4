/**
 * Text that really starts with an apostrophe and a formula character survives export → import
 * exactly: the guard adds one apostrophe, the importer removes one.
 */
import { describe, expect, it } from 'vitest';
import { exportFiles } from './export.service';
import { importFiles } from '../import/import.service';
import { csvInput, dumpDatabase, freshDb } from '../testing/db';
import { loadSmallPlan } from '../testing/small-plan';

describe('formula guard through export and import', () => {
	it.each(["'=HYPERLINK(\"https://evil.example\")", "''+39 0583", "'@utente", '=SOMMA(A1)', "'citazione'"])('%s round-trips', async (text) => {
		const db = await freshDb();
		const copy = await freshDb();
		try {
			loadSmallPlan(db);
			db.sqlite.prepare(`UPDATE objective SET description = ? WHERE code = 'OB-1'`).run(text);
			const files = await exportFiles(db);
			const report = importFiles(copy, files.map((f) => csvInput(f.fileName, f.text)));
			expect(report.errors).toEqual([]);
			expect(copy.sqlite.prepare(`SELECT description FROM objective WHERE code = 'OB-1'`).pluck().get()).toBe(text);
			expect(dumpDatabase(copy)).toEqual(dumpDatabase(db));
		} finally {
			await db.close();
			await copy.close();
		}
	});
});

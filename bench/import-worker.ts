/**
 * One timed run of the project's importer, in its own process so that every run starts cold:
 *   tsx bench/import-worker.ts <database> <file.csv>
 * Times reading the file, parsing, validating every row, writing and committing: what `npm run import`
 * does, less opening the database. Prints one line of JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openMigratedDatabase } from '../src/lib/server/db/database';
import { formatForFileName } from '../src/lib/interchange/formats';
import { formatProblem } from '../src/lib/interchange/problems';
import { importFiles } from '../src/lib/server/import/import.service';

const [dbPath, file] = process.argv.slice(2);
const db = await openMigratedDatabase(dbPath);
try {
	const started = performance.now();
	const bytes = fs.readFileSync(file);
	const report = importFiles(db, [{ file, format: formatForFileName(path.basename(file))!, bytes }], { enteredBy: 'benchmark' });
	const seconds = (performance.now() - started) / 1000;
	if (!report.applied) throw new Error(report.errors.slice(0, 10).map(formatProblem).join('\n'));
	const rows = (db.sqlite.prepare('SELECT count(*) AS n FROM measurement').get() as { n: number }).n;
	console.log(JSON.stringify({ seconds, created: report.counts.measurements.created, rows, peakRss: process.resourceUsage().maxRSS * 1024 }));
} finally {
	await db.close();
}

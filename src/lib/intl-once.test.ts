import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every Intl formatter is made once, at module (or component) level, never per call: a DateTimeFormat
 * or NumberFormat allocates ICU memory outside the JavaScript heap, which the garbage collector
 * returns late. Made per request (the page cache's "today") and per table cell, they held the server at
 * 640 MiB after the benchmark's loads at 100 times the plan; made once, 290 MiB (BENCHMARKS.md).
 */
const ROOTS = ['src/lib', 'src/routes', 'src/hooks.server.ts'];
/** Progress messages of the importer: once per 100,000 rows, not per request. */
const ALLOWED = new Set(['src/lib/server/import/import.service.ts']);

function sourceFiles(entry: string): string[] {
	const stat = fs.statSync(entry);
	if (stat.isFile()) return /\.(ts|svelte)$/.test(entry) && !/\.test\.ts$/.test(entry) ? [entry] : [];
	return fs.readdirSync(entry).flatMap((name) => sourceFiles(path.join(entry, name)));
}

describe('Intl formatters', () => {
	const files = ROOTS.flatMap(sourceFiles);

	it('finds the source files it checks', () => {
		expect(files.length).toBeGreaterThan(50);
		expect(files).toContain(path.join('src/lib', 'format.ts'));
	});

	it('are made at module or component level, not inside a function', () => {
		const offenders: string[] = [];
		for (const file of files) {
			const lines = fs.readFileSync(file, 'utf8').split('\n');
			lines.forEach((line, i) => {
				if (!/new Intl\./.test(line)) return;
				// Module level in .ts; the component's top-level script (one tab) in .svelte.
				const topLevel = file.endsWith('.svelte') ? /^\t?(const|let) \w+ = new Intl\./.test(line) : /^(export )?const \w+ = new Intl\./.test(line);
				if (!topLevel) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
			});
		}
		expect(offenders).toEqual([]);
	});

	it('are not made implicitly per call by toLocaleString with options', () => {
		const offenders: string[] = [];
		for (const file of files) {
			if (ALLOWED.has(file)) continue;
			fs.readFileSync(file, 'utf8')
				.split('\n')
				.forEach((line, i) => {
					if (/\.toLocale(Date|Time)?String\(/.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
				});
		}
		expect(offenders).toEqual([]);
	});
});

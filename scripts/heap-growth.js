// How far V8 lets the JavaScript heap grow beyond what it still uses, for the server (scripts/serve.js).
//
// After each full collection V8 sets the next one's limit at the surviving size times a factor it picks
// from its own speed, up to 4 on a machine with plenty of memory. At 100 times the plan the server keeps
// 60–95 MiB alive (evaluations, trends, phases, reports, kept per data revision) and, in a monitoring
// campaign, makes garbage fast (every saved value makes the readers' pages new): V8 let the heap stand at
// about 3 times what was alive, and the process at 304–464 MiB after the campaign. Held at 2 times (the
// default, 100 %), the process stays at 284–287 MiB with the campaign's reads as fast as V8's own choice
// (p95 40–53 ms against 52); at 1,6 times it is 269–297 MiB but the full collections cost enough CPU to
// slow the reads (p95 61 ms), at 1,3 times a third more CPU (BENCHMARKS.md, «La memoria del server»).
// HEAP_GROWING_PERCENT=0 gives V8 its own choice back: the most memory.
import fs from 'node:fs';
import v8 from 'node:v8';

export const DEFAULT_HEAP_GROWING_PERCENT = 100;

/**
 * Sets V8's heap growing factor from HEAP_GROWING_PERCENT (percent above the surviving size; default 100,
 * 0 leaves V8 its own choice). Must run before the heap grows: first thing in the server's process.
 * Answers the percent set.
 */
export function limitHeapGrowth(env = process.env) {
	const raw = env.HEAP_GROWING_PERCENT?.trim();
	const percent = raw === undefined || raw === '' ? DEFAULT_HEAP_GROWING_PERCENT : Number(raw);
	if (!Number.isInteger(percent) || percent < 0 || percent > 1000) {
		throw new Error(`HEAP_GROWING_PERCENT non valido: «${raw}» (un numero intero di punti percentuali, per esempio 100; 0 lascia decidere a V8)`);
	}
	if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
	return percent;
}

/**
 * The node options the server runs with, written once in package.json's `serve` script (`npm start` runs
 * the same command after the build), read from there by whoever starts the server otherwise (the
 * benchmark, the tests).
 *
 * `--max-semi-space-size=8`: V8's young generation, where every request's objects are born, grows to its
 * maximum under a high allocation rate (2 × 16 MiB on a 64-bit machine) and never shrinks while the server
 * is busy. 2 × 8 MiB holds a rendered page's garbage as well (the overview at 100 times the plan allocates
 * 2,6 MB): measured at scale 100, RSS after the page loads 319 → 303 MiB, rendered pages within the noise
 * (BENCHMARKS.md, «La memoria dopo i carichi delle pagine»). It cannot be set here at run time like the
 * growing factor: V8 sizes the young generation when the process starts (tried: no effect).
 */
export function serverNodeFlags(packageJson = new URL('../package.json', import.meta.url)) {
	const script = JSON.parse(fs.readFileSync(packageJson, 'utf8')).scripts?.serve ?? '';
	const m = /^node((?:\s+--\S+)*)\s+scripts\/serve\.js$/.exec(script.trim());
	if (!m) throw new Error(`package.json: lo script "serve" deve essere «node [opzioni] scripts/serve.js», è «${script}»`);
	return m[1].trim().split(/\s+/).filter(Boolean);
}

// How far V8 lets the JavaScript heap grow beyond what it still uses, for the server (scripts/serve.js).
//
// After each full collection V8 sets the next one's limit at the surviving size times a factor it picks
// from its own speed, up to 4 on a machine with plenty of memory. At 100 times the plan the server keeps
// 60–95 MiB alive (evaluations, trends, phases, reports, kept per data revision) and, in a monitoring
// campaign, makes garbage fast (every saved value makes the readers' pages new): V8 let the heap stand at
// about 3 times what was alive, and the process at 304–464 MiB after the campaign.
// Until session 9 the factor was 2 (100 %): 1,6 cost the campaign's reads too much CPU in full
// collections (p95 61 ms against 40–53). Then the render result of every page stopped surviving V8's
// young collections (src/lib/server/render/plain-root-render.ts): far less is promoted to the old
// generation, so full collections come far less often, and 1,6 (60 %) became the default. Same build at
// scale 100: campaign read p95 38,6 ms at 60 %, 34,6 at 100 %; RSS after the page loads 264–281 MiB at 60 %,
// 299 at 75 %, 324 at 100 %; pages rendered from scratch as fast (BENCHMARKS.md, session 9).
// HEAP_GROWING_PERCENT=0 gives V8 its own choice back: the most memory.
import fs from 'node:fs';
import v8 from 'node:v8';

export const DEFAULT_HEAP_GROWING_PERCENT = 60;

/**
 * Sets V8's heap growing factor from HEAP_GROWING_PERCENT (percent above the surviving size; default 60,
 * 0 leaves V8 its own choice). Must run before the heap grows: first thing in the server's process.
 * Answers the percent set.
 */
export function limitHeapGrowth(env = process.env) {
	const raw = env.HEAP_GROWING_PERCENT?.trim();
	const percent = raw === undefined || raw === '' ? DEFAULT_HEAP_GROWING_PERCENT : Number(raw);
	if (!Number.isInteger(percent) || percent < 0 || percent > 1000) {
		throw new Error(`HEAP_GROWING_PERCENT non valido: «${raw}» (un numero intero di punti percentuali, per esempio 60; 0 lascia decidere a V8)`);
	}
	if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
	return percent;
}

/**
 * The node options the server runs with, written once in package.json's `serve` script (`npm start` runs
 * the same command after the build), read from there by whoever starts the server otherwise (the
 * benchmark, the tests).
 *
 * None today. `--max-semi-space-size=8` (V8's young generation at 2 × 8 MiB instead of 2 × 16) was tried:
 * RSS after the page loads at scale 100 319 → 303 MiB in a hand probe, but in the full bench the campaign's
 * read p95 went from 38 to 52–60 ms, over its 50 ms goal (more scavenges, each copying what a render
 * still holds; BENCHMARKS.md, session 7). Options V8 reads only at start go here, not in heap-growth.
 */
export function serverNodeFlags(packageJson = new URL('../package.json', import.meta.url)) {
	const script = JSON.parse(fs.readFileSync(packageJson, 'utf8')).scripts?.serve ?? '';
	const m = /^node((?:\s+--\S+)*)\s+scripts\/serve\.js$/.exec(script.trim());
	if (!m) throw new Error(`package.json: lo script "serve" deve essere «node [opzioni] scripts/serve.js», è «${script}»`);
	return m[1].trim().split(/\s+/).filter(Boolean);
}

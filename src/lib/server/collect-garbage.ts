/**
 * One full garbage collection, on request: after the start-up evaluations (warm-up.ts).
 *
 * Why: at 100 times the shipped plan the warm-up evaluates the whole plan at 13 dates, and most of what
 * it allocates is garbage once it is done; V8 holds that until its heap next fills, so the server sat
 * at 286–290 MiB of RSS before its first visitor. After two collections right after the warm-up (100–200
 * ms, once) it starts at 238–242 MiB: what it keeps, and what the loads add stays within the heap limit
 * heap-growth.js sets.
 *
 * Node gives `gc()` only with --expose-gc on its command line; the flag set at run time gives it to
 * new contexts, which is where it is taken from. Nothing depends on it: if it is missing, nothing happens.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | null | undefined;

/** Runs a full collection; answers how long it took in milliseconds, or null where it is not available. */
export function collectGarbage(): number | null {
	if (collect === undefined) {
		try {
			v8.setFlagsFromString('--expose-gc');
			const gc: unknown = vm.runInNewContext('gc');
			collect = typeof gc === 'function' ? (gc as () => void) : null;
		} catch {
			collect = null;
		}
	}
	if (!collect) return null;
	const started = performance.now();
	// Twice: the first marks and sweeps (the sweeping runs beside the program); the pages it emptied go
	// back to the system with the second. One alone left the RSS where it was (290 MiB against 209).
	collect();
	collect();
	return performance.now() - started;
}

/**
 * A fixed number of connections hammering one URL for a fixed time (autocannon, in this process), with
 * exact percentiles from every response's latency (autocannon's own histogram has no p95).
 */
import autocannon from 'autocannon';

export interface LoadResult {
	url: string;
	requests: number;
	seconds: number;
	rps: number;
	p50: number;
	p95: number;
	p99: number;
	max: number;
	/** Responses that were not 2xx, plus connection errors and timeouts: must be 0 for a valid run. */
	failures: number;
	bytesPerResponse: number;
}

function percentile(sorted: Float64Array, p: number): number {
	if (sorted.length === 0) return NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[i];
}

export async function load(url: string, options: { connections: number; seconds: number }): Promise<LoadResult> {
	const latencies: number[] = [];
	let failures = 0;
	let bytes = 0;
	const started = performance.now();
	let instance!: autocannon.Instance;
	const done = new Promise<autocannon.Result>((resolve, reject) => {
		instance = autocannon({ url, connections: options.connections, duration: options.seconds, timeout: 60 }, (err, result) => (err ? reject(err) : resolve(result)));
	});
	instance.on('response', (_client, statusCode, resBytes, responseTime) => {
		if (statusCode < 200 || statusCode > 299) failures++;
		latencies.push(responseTime);
		bytes += resBytes;
	});
	const result = await done;
	const seconds = (performance.now() - started) / 1000;
	failures += result.errors + result.timeouts;
	const sorted = Float64Array.from(latencies).sort();
	return {
		url,
		requests: latencies.length,
		seconds,
		rps: latencies.length / seconds,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted.length ? sorted[sorted.length - 1] : NaN,
		failures,
		bytesPerResponse: latencies.length ? bytes / latencies.length : 0
	};
}

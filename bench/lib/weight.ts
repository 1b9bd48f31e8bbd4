/**
 * What a page ships on first load: the JavaScript and CSS its served HTML names (stylesheet links,
 * modulepreload links, scripts, the inline `import("…")` that boots the app) and the `Link` header
 * SvelteKit adds with the same preloads, plus whatever those chunks load by dynamic `import()` (the
 * charts: Chart.js comes in that way). Route nodes that the app entry can import are not counted: a
 * page loads only its own, and that one is already among the preloads. Each file is gzipped at level 9,
 * as adapter-node precompresses it.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export interface Weight {
	js: number;
	css: number;
	jsFiles: number;
	cssFiles: number;
	/** The part of `js` loaded by dynamic import after the page starts. */
	dynamicJs: number;
}

interface ManifestChunk {
	file: string;
	imports?: string[];
	dynamicImports?: string[];
	css?: string[];
}

const CLIENT_DIR = 'build/client';
const MANIFEST = '.svelte-kit/output/client/.vite/manifest.json';

/** Asset paths (relative to the client dir) that a page's HTML and headers name. */
export function assetsOf(html: string, linkHeader: string | null): string[] {
	const found = new Set<string>();
	const add = (href: string) => {
		const clean = href.split(/[?#]/)[0];
		const i = clean.indexOf('_app/');
		if (i >= 0 && /\.(m?js|css)$/.test(clean)) found.add(clean.slice(i));
	};
	for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
		const tag = m[0];
		if (/rel="?(stylesheet|modulepreload|preload)"?/i.test(tag)) add(/href="([^"]+)"/i.exec(tag)?.[1] ?? '');
	}
	for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/gi)) add(m[1]);
	for (const m of html.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) add(m[1]);
	for (const part of (linkHeader ?? '').split(',')) {
		const href = /<([^>]+)>/.exec(part)?.[1];
		if (href && /rel="?(modulepreload|preload|stylesheet)"?/i.test(part)) add(href);
	}
	return [...found];
}

function readManifest(): Record<string, ManifestChunk> {
	return JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Record<string, ManifestChunk>;
}

const isRouteNode = (key: string) => /\/generated\/(client|client-optimized)\/nodes\/|error-template/.test(key);

/** The dynamic imports reachable from the given files, with everything they import in turn. */
function dynamicClosure(files: Set<string>, manifest: Record<string, ManifestChunk>): Set<string> {
	const byFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, { key, chunk }]));
	const out = new Set<string>();
	const visit = (key: string) => {
		const chunk = manifest[key];
		if (!chunk || files.has(chunk.file) || out.has(chunk.file)) return;
		out.add(chunk.file);
		for (const c of chunk.css ?? []) if (!files.has(c)) out.add(c);
		for (const k of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(k);
	};
	for (const file of files) {
		const entry = byFile.get(file);
		for (const k of entry?.chunk.dynamicImports ?? []) if (!isRouteNode(k)) visit(k);
	}
	return out;
}

const gzipCache = new Map<string, number>();
function gzipSize(file: string): number {
	let n = gzipCache.get(file);
	if (n === undefined) {
		n = zlib.gzipSync(fs.readFileSync(path.join(CLIENT_DIR, file)), { level: 9 }).length;
		gzipCache.set(file, n);
	}
	return n;
}

export function weightOf(html: string, linkHeader: string | null): Weight & { files: string[] } {
	const initial = new Set(assetsOf(html, linkHeader));
	const dynamic = dynamicClosure(initial, readManifest());
	const weight: Weight & { files: string[] } = { js: 0, css: 0, jsFiles: 0, cssFiles: 0, dynamicJs: 0, files: [...initial, ...dynamic] };
	for (const file of weight.files) {
		const size = gzipSize(file);
		if (file.endsWith('.css')) {
			weight.css += size;
			weight.cssFiles++;
		} else {
			weight.js += size;
			weight.jsFiles++;
			if (dynamic.has(file)) weight.dynamicJs += size;
		}
	}
	return weight;
}

export function gzipBytes(bytes: Uint8Array): number {
	return zlib.gzipSync(bytes, { level: 9 }).length;
}

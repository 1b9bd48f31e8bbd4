import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from 'svelte/compiler';
import type { Component } from 'svelte';
import { describe, expect, it } from 'vitest';
import { plainRender, withPlainRender } from './plain-root-render';
import { kitServerReplacements } from '../../vite/kit-server-replacements-plugin.js';

/** A real component, compiled for the server as SvelteKit's build does. */
async function serverComponent(source: string): Promise<Component<Record<string, unknown>>> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'root-render-'));
	const file = path.join(dir, 'Component.js');
	fs.writeFileSync(file, compile(source, { generate: 'server' }).js.code);
	return (await import(/* @vite-ignore */ pathToFileURL(file).href)).default;
}

const SOURCE = `<script>
	import { getContext } from 'svelte';
	let { rows } = $props();
	const page = getContext('__request__').page;
</script>
<svelte:head><title>{page.title}</title></svelte:head>
<h1>{page.title}</h1>
<ul>{#each rows as r}<li>{r} – dell’ente &amp; <b>{'<x>'}</b></li>{/each}</ul>`;

describe('il render della radice con svelte/server', () => {
	it('rende props e contesto di SvelteKit, con lo stesso HTML che dava la radice di svelte/legacy', async () => {
		const Component = await serverComponent(SOURCE);
		const props = { rows: ['uno', 'due'] };
		const context = new Map([['__request__', { page: { title: 'Obiettivi 2022' } }]]);
		const result = plainRender(Component, props, { context, csp: { hash: false } });
		expect(result.html).toContain('<h1>Obiettivi 2022</h1>');
		expect(result.html).toContain('<li>uno – dell’ente &amp; <b>&lt;x></b></li>');
		expect(result.head).toContain('<title>Obiettivi 2022</title>');
		expect(result.css).toEqual({ code: '', map: null });

		const { asClassComponent } = await import('svelte/legacy');
		const legacy = asClassComponent(Component as never) as unknown as { render(p: unknown, o: unknown): { html: string; head: string } };
		const before = legacy.render(props, { context });
		expect(result.html).toBe(before.html);
		expect(result.head).toBe(before.head);
	});

	it('risponde un oggetto di soli dati: nessun getter che tenga in vita il render dopo la risposta', async () => {
		const Component = await serverComponent(SOURCE);
		const result = plainRender(Component, { rows: [] }, { context: new Map([['__request__', { page: { title: 't' } }]]) });
		expect(Object.keys(result).sort()).toEqual(['css', 'head', 'html']);
		for (const key of Object.keys(result)) {
			const descriptor = Object.getOwnPropertyDescriptor(result, key)!;
			expect(descriptor.get).toBeUndefined();
			expect('value' in descriptor).toBe(true);
		}
		expect('then' in result).toBe(false);
	});

	it('withPlainRender sostituisce il render della radice e passa le opzioni di SvelteKit', async () => {
		const Component = await serverComponent(SOURCE);
		let legacyCalls = 0;
		const root = withPlainRender({ render: (_props: Record<string, unknown>, _options?: unknown): unknown => (legacyCalls++, { html: 'legacy' }) }, Component);
		const out = root.render({ rows: ['tre'] }, { context: new Map([['__request__', { page: { title: 'Dirigente' } }]]) }) as { html: string };
		expect(out.html).toContain('<li>tre');
		expect(out.html).toContain('<h1>Dirigente</h1>');
		expect(legacyCalls).toBe(0);
	});
});

describe('il plugin che cambia la radice generata da SvelteKit', () => {
	const plugin = kitServerReplacements();
	const transform = (code: string, id: string, ssr: boolean) => {
		const errors: string[] = [];
		const context = { error: (m: string) => (errors.push(m), undefined) as never };
		const out = (plugin.transform as (this: unknown, c: string, i: string, o: { ssr: boolean }) => { code: string } | null).call(context, code, id, { ssr });
		return { out, errors };
	};
	const generated = "import { asClassComponent } from 'svelte/legacy';\nimport Root from './root.svelte';\nexport default asClassComponent(Root);";

	it('cambia solo la copia del server', () => {
		const server = transform(generated, '/app/.svelte-kit/generated/root.js', true);
		expect(server.out?.code).toContain('export default withPlainRender(asClassComponent(Root), Root);');
		expect(server.out?.code).toContain("from '$lib/server/render/plain-root-render'");
		expect(transform(generated, '/app/.svelte-kit/generated/root.js', false).out).toBeNull();
		expect(transform(generated, '/app/src/routes/+page.svelte', true).out).toBeNull();
	});

	it('ferma la build se SvelteKit scrive la radice in un altro modo', () => {
		const changed = transform('export default createRoot(Root);', '/app/.svelte-kit/generated/root.js', true);
		expect(changed.errors[0]).toMatch(/non contiene più una volta sola «export default asClassComponent\(Root\);»/);
	});

	it('sostituisce make_trackable e sha256 di SvelteKit, e ferma la build se cambiano', () => {
		const url = 'export function make_trackable(url, callback, search_params_callback, allow_hash = false) {\n\treturn url;\n}';
		const replaced = transform(url, '/app/node_modules/@sveltejs/kit/src/utils/url.js', true).out!.code;
		expect(replaced).toContain('function make_trackable_of_sveltekit(');
		expect(replaced).toContain("export { trackedUrl as make_trackable } from '$lib/server/render/tracked-url';");
		expect(replaced).not.toMatch(/export function make_trackable\(/);
		const crypto = transform('export function sha256(data) {}', '/app/node_modules/@sveltejs/kit/src/runtime/server/page/crypto.js', true).out!.code;
		expect(crypto).toContain("export { cspSha256 as sha256 } from '$lib/server/render/csp-sha256';");
		expect(transform(url, '/app/node_modules/@sveltejs/kit/src/utils/url.js', false).out).toBeNull();
		const changed = transform('export function make_trackable(url, callback) {}', '/app/node_modules/@sveltejs/kit/src/utils/url.js', true);
		expect(changed.errors[0]).toMatch(/non contiene più una volta sola «export function make_trackable\(/);
	});

	it('mette la via breve davanti a uneval di devalue installato, e ferma la build se uneval cambia firma', () => {
		const id = path.resolve('node_modules/devalue/src/uneval.js');
		const installed = fs.readFileSync(id, 'utf8');
		const { out, errors } = transform(installed, id, true);
		expect(errors).toEqual([]);
		expect(out!.code).toContain('function uneval_of_devalue(value, replacer) {');
		expect(out!.code).toContain('export const uneval = withFastPath(uneval_of_devalue);');
		expect(out!.code).not.toContain('export function uneval(');
		expect(transform(installed.replace('export function uneval(value, replacer) {', 'export function uneval(value, replacer, options) {'), id, true).errors[0]).toMatch(/uneval\(value, replacer\)/);
	});

	it('cambia in due punti il renderer di Svelte installato, e ferma la build se uno dei due manca', () => {
		const id = path.resolve('node_modules/svelte/src/internal/server/renderer.js');
		const installed = fs.readFileSync(id, 'utf8');
		const { out, errors } = transform(installed, id, true);
		expect(errors).toEqual([]);
		expect(out!.code).toContain("renderer.#collect_content(options.bodyChunks === undefined ? undefined : { head: '', body: '', chunks: options.bodyChunks })");
		expect(out!.code).toContain('if (content.chunks !== undefined && content.body.length >= BODY_CHUNK_CHARS) sealBodyChunk(content);');
		expect(out!.code).toContain("import { BODY_CHUNK_CHARS, sealBodyChunk } from '$lib/server/render/body-chunks';");
		expect(out!.code.split('sealBodyChunk(content)').length).toBe(2); // only the synchronous collection
		expect(transform(installed, id, false).out).toBeNull();
		const older = installed.replace('result = Renderer.#close_render(renderer.#collect_content(), renderer);', 'result = Renderer.#finish(renderer);');
		expect(transform(older, id, true).errors[0]).toMatch(/non contiene più una volta sola «result = Renderer\.#close_render/);
	});
});

import { describe, expect, it } from 'vitest';
import { flatten, withFlatPageHtml } from './flat-page-html';
import { flatPageHtml } from '../../vite/flat-page-html-plugin.js';

describe('withFlatPageHtml', () => {
	it('passa props e opzioni al render di SvelteKit e restituisce lo stesso risultato, con lo stesso HTML', () => {
		let html = '';
		for (let i = 0; i < 2000; i++) html += `<td>${i}</td>`;
		const calls: unknown[][] = [];
		const result = { head: '<title>t</title>', html, css: { code: '', map: null } };
		const root = withFlatPageHtml({ render: (props: unknown, options?: unknown) => (calls.push([props, options]), result) });
		const props = { data: 1 };
		const options = { context: new Map() };
		expect(root.render(props, options)).toBe(result);
		expect(calls).toEqual([[props, options]]);
		expect(result.html).toBe(html);
		expect(flatten('')).toBe('');
	});
});

describe('il plugin che avvolge la radice generata da SvelteKit', () => {
	const plugin = flatPageHtml();
	const transform = (code: string, id: string, ssr: boolean) => {
		const errors: string[] = [];
		const context = { error: (m: string) => (errors.push(m), undefined) as never };
		const out = (plugin.transform as (this: unknown, c: string, i: string, o: { ssr: boolean }) => { code: string } | null).call(context, code, id, { ssr });
		return { out, errors };
	};
	const generated = "import { asClassComponent } from 'svelte/legacy';\nimport Root from './root.svelte';\nexport default asClassComponent(Root);";

	it('avvolge solo la copia del server', () => {
		const server = transform(generated, '/app/.svelte-kit/generated/root.js', true);
		expect(server.out?.code).toContain('export default withFlatPageHtml(asClassComponent(Root));');
		expect(transform(generated, '/app/.svelte-kit/generated/root.js', false).out).toBeNull();
		expect(transform(generated, '/app/src/routes/+page.svelte', true).out).toBeNull();
	});

	it('ferma la build se SvelteKit scrive la radice in un altro modo', () => {
		const changed = transform("export default createRoot(Root);", '/app/.svelte-kit/generated/root.js', true);
		expect(changed.errors[0]).toMatch(/non contiene più «export default asClassComponent\(Root\);»/);
	});
});

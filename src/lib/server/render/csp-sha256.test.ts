import { describe, expect, it } from 'vitest';
// SvelteKit's own function, from the installed release: the reference the replacement must equal.
// @ts-expect-error: SvelteKit's sources ship without type declarations for this module
import { sha256 } from '../../../../node_modules/@sveltejs/kit/src/runtime/server/page/crypto.js';
import { cspSha256 } from './csp-sha256';

describe('cspSha256, beside SvelteKit’s sha256', () => {
	const texts: Record<string, string> = {
		empty: '',
		'SvelteKit’s empty script': '/* empty */',
		ascii: 'console.log(1)',
		// Italian and typographic characters, as a page's data carries them (two and three UTF-8 bytes).
		italian: 'Raggiungimento dell’obiettivo — «città» 87,5 % ✓',
		// Four UTF-8 bytes, and a lone surrogate (both encode it as U+FFFD).
		astral: 'emoji 📈 and a lone \ud800 surrogate',
		// Lengths around SHA-256's 64-byte blocks and its padding.
		'55 bytes': 'x'.repeat(55),
		'56 bytes': 'x'.repeat(56),
		'64 bytes': 'x'.repeat(64),
		long: 'const data = ' + JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ id: i, label: `Fase ${i}: è già “finita”` })))
	};
	it.each(Object.keys(texts))('%s: the same digest', (name) => {
		expect(cspSha256(texts[name])).toBe(sha256(texts[name]));
	});
	it('is base64 of 32 bytes', () => {
		expect(cspSha256('abc')).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
	});
});

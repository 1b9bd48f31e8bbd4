import { describe, expect, it } from 'vitest';
import { safeReturn } from './safe-return';

describe('safeReturn', () => {
	it('keeps a path on this site, with its query', () => {
		expect(safeReturn('/obiettivi/2022/2022-H1-OP-01?data=2022-06-30')).toBe('/obiettivi/2022/2022-H1-OP-01?data=2022-06-30');
		expect(safeReturn('/')).toBe('/');
	});

	it.each([
		['//evil.example', 'protocol-relative'],
		['/\t/evil.example', 'a tab the browser strips'],
		['/\n/evil.example', 'a newline'],
		['/\r\nSet-Cookie: x=1', 'header injection'],
		['/\\evil.example', 'a backslash read as a slash'],
		['https://evil.example/', 'absolute'],
		['evil.example', 'relative without slash'],
		['/%09/evil.example', 'still encoded: stays a path'],
		['', 'empty'],
		[null, 'missing']
	])('refuses or neutralises %j (%s)', (raw: string | null, _why: string) => {
		const out = safeReturn(raw as string | null);
		if (out !== null) expect(new URL(out, 'http://cruscotto.invalid').origin).toBe('http://cruscotto.invalid');
		if (raw !== '/%09/evil.example') expect(out).toBeNull();
	});
});

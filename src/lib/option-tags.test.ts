import { describe, expect, it } from 'vitest';
import { escapeHtml, optionTags } from './option-tags';

describe('optionTags', () => {
	it('writes one option per choice, in order, marking the selected one (compared as text)', () => {
		const html = optionTags(
			[
				{ value: 3, label: 'Rossi Mario' },
				{ value: 12, label: 'Bianchi Anna' }
			],
			'12'
		);
		expect(html).toBe('<option value="3">Rossi Mario</option><option value="12" selected>Bianchi Anna</option>');
		expect(optionTags([{ value: 12, label: 'x' }], 12)).toContain('selected');
		expect(optionTags([{ value: 1, label: 'x' }], null)).not.toContain('selected');
		expect(optionTags([{ value: 1, label: 'x' }], 11)).not.toContain('selected');
	});

	it('escapes labels and values from CSV files: nothing in them becomes markup', () => {
		const hostile = '</option></select><script>alert("x")</script> & l\'ufficio';
		const html = optionTags([{ value: '"><img src=x onerror=alert(1)>', label: hostile }], null);
		expect(html).not.toContain('<script');
		expect(html).not.toContain('<img');
		expect(html).toBe(
			'<option value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&lt;/option&gt;&lt;/select&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; l&#39;ufficio</option>'
		);
	});

	it('leaves plain text as it is, accents and typographic marks included', () => {
		expect(escapeHtml('Attività – «Servizi» all’utenza')).toBe('Attività – «Servizi» all’utenza');
		expect(escapeHtml('a & b')).toBe('a &amp; b');
	});
});

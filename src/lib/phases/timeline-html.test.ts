import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeText, phaseTimelineHtml } from './timeline-html';
import type { TimelinePhase } from './timeline';

const phase = (over: Partial<TimelinePhase>): TimelinePhase => ({
	id: 1,
	objectiveCode: '2022-A1-OP-01',
	number: 1,
	description: 'Censimento degli archivi',
	amountCents: null,
	plannedStart: '2022-02-01',
	plannedEnd: '2022-05-31',
	status: 'in_corso',
	percent: 40,
	actualStart: '2022-02-15',
	actualEnd: null,
	note: null,
	reportDate: '2022-06-30',
	late: { late: false },
	...over
});

const HOSTILE = '<script>alert(1)</script> & "virgolette" \'apici\' <img src=x onerror=alert(2)>';

describe('the phases timeline as HTML', () => {
	it('escapes every text of the plan, in text and in attributes, as Svelte does', () => {
		const html = phaseTimelineHtml({
			id: 'crono"><b>x</b>',
			title: `Cronoprogramma ${HOSTILE}`,
			phases: [phase({ objectiveCode: `C<1>`, description: HOSTILE, note: HOSTILE })],
			year: 2022,
			asOf: '2022-06-30',
			asOfIsToday: false,
			withObjective: true
		});
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('<img');
		expect(html).not.toContain('<b>x</b>');
		expect(html).toContain('&lt;script>alert(1)&lt;/script> &amp; "virgolette" \'apici\' &lt;img src=x onerror=alert(2)>');
		// In attributes the double quote is escaped too: the id and the regions' names cannot end early.
		expect(html).toContain('id="crono&quot;>&lt;b>x&lt;/b>-title"');
		expect(html).toContain(`aria-label="Cronoprogramma &lt;script>alert(1)&lt;/script> &amp; &quot;virgolette&quot; 'apici' &lt;img src=x onerror=alert(2)>: grafico"`);
		expect(html).toContain('C&lt;1> · 1');
		expect(escapeText('a&b<c>"d\'')).toBe('a&amp;b&lt;c>"d\'');
		expect(escapeAttr('a&b<c>"d\'')).toBe('a&amp;b&lt;c>&quot;d\'');
	});

	it('draws each phase on screen and on paper, lists it in the table, totals the amounts and marks the late ones', () => {
		const phases = [
			phase({ id: 1, number: 1, amountCents: 150_000 }),
			phase({ id: 2, number: 2, amountCents: 250_050, status: null, percent: null, actualStart: null, late: { late: true, reason: 'non_avviata', since: '2022-03-01', days: 121 } }),
			phase({ id: 3, number: 3, plannedStart: null, plannedEnd: null, status: 'completata', percent: 100, actualEnd: '2022-04-30' })
		];
		const html = phaseTimelineHtml({ id: 'c', title: 'Fasi', phases, year: 2022, asOf: '2022-06-30', asOfIsToday: false });
		const [screen, paper] = html.split('<svg').slice(1);
		expect(screen.match(/<g class="row[ "]/g)).toHaveLength(3);
		expect(paper.match(/<g class="row[ "]/g)).toHaveLength(3);
		expect(screen.match(/<g class="row late"/g)).toHaveLength(1);
		expect(screen.match(/<rect class="planned"/g)).toHaveLength(2); // the third has no planned dates
		expect(screen).toContain('class="actual completata"');
		expect(html.match(/<tr/g)).toHaveLength(1 + 3 + 1); // head, phases, total
		expect(html).toContain('<tr class="late"><th scope="row" data-label="Fase">2</th>');
		expect(html).toContain('<td data-label="In ritardo">Sì, non avviata: l’inizio era previsto il 01/03/2022 (121 giorni di ritardo)</td>');
		expect(html).toContain('<td class="num" data-label="Totale">€ 4.000,50</td>');
		expect(html).toContain('<td data-label="Prevista">non indicata</td>');
		expect(html).toContain('class="today"');
		expect(html).toContain('>al 30/06/2022</text>');
	});

	it('leaves out the table where the page has its own, and the date line where no date is validated', () => {
		const html = phaseTimelineHtml({ id: 'c', title: 'Fasi', phases: [phase({})], year: 2022, asOf: '2022-06-30', asOfIsToday: true, table: false, reference: false });
		expect(html).not.toContain('<table');
		expect(html).not.toContain('class="today"');
		expect(html).toContain('previste (nessun avanzamento ancora validato)');
		expect(html).not.toContain('key today');
	});
});

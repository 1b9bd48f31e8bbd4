/**
 * The phases timeline rendered to HTML on the server, for a page that hydrates (the objective page,
 * because of its charts) but should not send the timeline's code to the browser: the timeline has
 * nothing to do there (an SVG drawn on the server, a summary and a table), and its compiled component
 * was 4,6 kB of the page's JavaScript, which went over the 100 kB budget for pages with charts.
 *
 * The HTML is Svelte's own server output, so every text from the plan in it is escaped exactly as in
 * any component; the page inserts it with {@html}. Its styles are a plain stylesheet
 * (phase-timeline.css) that the page imports, since scoped styles would come only with the code.
 */
import { render } from 'svelte/server';
import type { ComponentProps } from 'svelte';
import PhaseTimeline from '$lib/components/PhaseTimeline.svelte';

export function phaseTimelineHtml(props: ComponentProps<typeof PhaseTimeline>): string {
	return render(PhaseTimeline, { props }).body;
}

/**
 * An indicator's history table rendered to HTML on the server, for the objective page, which hydrates
 * (because of its charts) but has nothing to do in the browser with this table. As data for the page's
 * own code the values were two thirds of the page's serialised data (devalue's walk and stringify were
 * a tenth of the server's time for the page rendered from scratch) and were sent twice, as HTML and as
 * data. As HTML marked by `htmlForPage` they are sent once.
 *
 * The HTML is Svelte's own server output, so every text from the plan and from the directors in it is
 * escaped exactly as in any component; the page inserts it with {@html}.
 */
import { render } from 'svelte/server';
import type { ComponentProps } from 'svelte';
import IndicatorHistory from '$lib/components/IndicatorHistory.svelte';

export function indicatorHistoryHtml(props: ComponentProps<typeof IndicatorHistory>): string {
	return render(IndicatorHistory, { props }).body;
}

/** A scope's achievement over time (see server/trend.service.ts): plain data for pages. */
import type { Status } from './achievement/achievement';

export interface TrendPoint {
	/** The plan year of the point. */
	year: number;
	date: string;
	score: number | null;
	status: Status | null;
	/** How many objectives of the scope hold a measured figure, of how many. */
	measured: number;
	total: number;
	/** The year's point is the chosen date of the page's own year. */
	current: boolean;
}

export interface Trend {
	/** The page's year at each of its monitoring dates. */
	dates: TrendPoint[];
	/** Each plan year once: the end of every other year, the chosen date of this one. */
	years: TrendPoint[];
}

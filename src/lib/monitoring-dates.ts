/** Monitoring dates: the mid-year review (30/06) and the year-end (31/12) by default, plus any date in the data. */
export function defaultMonitoringDates(year: number): string[] {
	return [`${year}-06-30`, `${year}-12-31`];
}

export function monitoringDateOptions(year: number, datesInData: string[]): string[] {
	return [...new Set([...defaultMonitoringDates(year), ...datesInData])].sort();
}

/** Without a choice, the latest monitoring date that has already come; before the first, the first. */
export function defaultMonitoringDate(options: string[], today: string): string {
	const past = options.filter((d) => d <= today);
	return past.length > 0 ? past[past.length - 1] : options[0];
}

/**
 * Today's date (yyyy-mm-dd) where the body is, not in UTC: from midnight to 2 in the morning of 1 July
 * the UTC date is still 30 June. A monitoring date has come when it has come in Italy.
 */
// The Swedish locale writes dates as yyyy-mm-dd. Made once: a DateTimeFormat with a time zone costs
// ICU memory outside the JavaScript heap, and this runs on every request (the page cache's key).
const isoDateInRome = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

// Italy is one or two whole hours ahead of UTC, so its date can change only when a UTC hour begins:
// within one UTC hour the answer is the same, and formatting it (some 10 µs) is done once per hour.
let lastHour = NaN;
let lastDate = '';

export function todayInItaly(now = new Date()): string {
	const hour = Math.floor(now.getTime() / 3_600_000);
	if (hour !== lastHour) {
		lastDate = isoDateInRome.format(now);
		lastHour = hour;
	}
	return lastDate;
}

/**
 * A real calendar date written yyyy-mm-dd: `2022-13-45` and `2022-02-31` are not. A monitoring date
 * becomes every director's entry date and, once validated, a published date: it must exist.
 */
export function isRealIsoDate(text: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

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

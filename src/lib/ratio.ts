/**
 * Indicators defined as a ratio (numerator / denominator, e.g. "pratiche evase / pratiche ricevute"):
 * the value follows from the two quantities, and a value given beside them must agree. Pure logic.
 */
import type { IndicatorType } from './vocabulary';

/** The value of a ratio: × 100 for a percentage indicator. The denominator is never zero here. */
export function ratioValue(numerator: number, denominator: number, type: IndicatorType | null): number {
	const ratio = numerator / denominator;
	return type === 'percentuale' ? ratio * 100 : ratio;
}

/**
 * Whether a value written beside its quantities agrees with them: within half a percent of the computed
 * value (or 0,005 near zero), so values rounded as people write them (66,7 for 66,666…) pass, and a
 * value from another quantity does not.
 */
export function agreesWithRatio(value: number, computed: number): boolean {
	return Math.abs(value - computed) <= Math.max(0.005, Math.abs(computed) * 0.005);
}

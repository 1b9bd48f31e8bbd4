/**
 * Indicators defined as a ratio (numerator / denominator, e.g. "pratiche evase / pratiche ricevute"):
 * the value follows from the two quantities, and a value given beside them must agree. Pure logic, the
 * one rule of the importer, the web form and the template upload.
 */
import { formatNumber } from './format';
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

export type QuantitiesOutcome = { ok: true; value: number } | { ok: false; field: 'numeratore' | 'denominatore' | 'valore'; message: string };

/**
 * The value of an indicator from its two quantities, or why not: a yes/no or date indicator is no
 * ratio, a denominator is a positive count (not zero, not negative), and a value written beside them
 * (`given`, as typed in `givenText`) must agree with what they give.
 */
export function valueFromQuantities(
	numerator: number,
	denominator: number,
	type: IndicatorType | null,
	given: number | null = null,
	givenText: string | null = null
): QuantitiesOutcome {
	if (type === 'si_no' || type === 'data') {
		return { ok: false, field: 'numeratore', message: `un indicatore di tipo ${type} non si calcola da numeratore e denominatore` };
	}
	if (denominator === 0) return { ok: false, field: 'denominatore', message: 'il denominatore non può essere zero' };
	if (denominator < 0) return { ok: false, field: 'denominatore', message: `il denominatore non può essere negativo (${formatNumber(denominator)})` };
	const computed = ratioValue(numerator, denominator, type);
	if (given !== null && !agreesWithRatio(given, computed)) {
		return {
			ok: false,
			field: 'valore',
			message: `«${givenText ?? formatNumber(given)}» non corrisponde a numeratore / denominatore (${formatNumber(numerator)} / ${formatNumber(denominator)}${type === 'percentuale' ? ' × 100' : ''} = ${formatNumber(computed)})`
		};
	}
	return { ok: true, value: computed };
}

import { DIMENSIONS, type Dimension } from './vocabulary';

/**
 * Dashboard filters live in the URL, so a link shows a colleague the same view.
 * `anno`, `data` (monitoring date), `dirigente`, `cdr`, `vp` (public value), `stato`.
 */
export interface Filters {
	anno: number | null;
	data: string | null;
	dirigente: number | null;
	cdr: string | null;
	vp: number | null;
	stato: string | null;
	/** An indicator dimension (efficacia, efficienza, qualita, impatto): the quality report's filter. */
	dimensione: Dimension | null;
}

export const FILTER_KEYS = ['anno', 'data', 'dirigente', 'cdr', 'vp', 'stato', 'dimensione'] as const;

function intParam(v: string | null): number | null {
	return v !== null && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

export function parseFilters(params: URLSearchParams): Filters {
	const data = params.get('data');
	return {
		anno: intParam(params.get('anno')),
		data: data && /^\d{4}-\d{2}-\d{2}$/.test(data) ? data : null,
		dirigente: intParam(params.get('dirigente')),
		cdr: params.get('cdr') || null,
		vp: intParam(params.get('vp')),
		stato: params.get('stato') || null,
		dimensione: (DIMENSIONS as readonly string[]).includes(params.get('dimensione') ?? '') ? (params.get('dimensione') as Dimension) : null
	};
}

/** A query string with the given filters changed; empty values are dropped so URLs stay short. */
export function filterQuery(current: Partial<Filters>, changes: Partial<Record<keyof Filters | string, string | number | null>> = {}): string {
	const params = new URLSearchParams();
	const merged: Record<string, unknown> = { ...current, ...changes };
	for (const [k, v] of Object.entries(merged)) {
		if (v !== null && v !== undefined && v !== '') params.set(k, String(v));
	}
	const s = params.toString();
	return s ? `?${s}` : '';
}

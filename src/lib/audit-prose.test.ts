import { describe, expect, it } from 'vitest';
import { auditProse, type AuditRecord } from './audit-prose';

const rec = (r: Partial<AuditRecord>): AuditRecord => ({ action: '', entity: 'misurazione', ref: 'X-I1 al 2022-06-30', before: null, after: null, reason: null, who: 'Dirigente Luigi De Angelis', indicator: { type: 'numero', unit: null }, ...r });

describe('the change log in Italian', () => {
	it('a value sent over a draft: Italian labels, numbers and dates, only what changed', () => {
		const p = auditProse(
			rec({
				action: 'valore inviato',
				before: JSON.stringify({ value: 1000, value_date: null, justification: null, source: 'dirigente', state: 'bozza' }),
				after: JSON.stringify({ value: 1234.56, value_date: null, justification: 'Lavori', evidence_url: null, evidence_file_id: null, state: 'inviato', source: 'dirigente' })
			})
		);
		expect(p.what).toBe('ha inviato alla Direzione il valore di X-I1 al 30/06/2022');
		expect(p.changes).toEqual(['Valore: da 1.000 a 1.234,56', 'Motivazione: da nessuno a «Lavori»', 'Stato: da bozza a inviato']);
	});

	it('a first value lists what was set; yes/no and date indicators in their own terms', () => {
		expect(auditProse(rec({ action: 'valore salvato in bozza', indicator: { type: 'si_no', unit: null }, after: JSON.stringify({ value: 1, state: 'bozza' }) })).changes).toEqual(['Valore: Sì', 'Stato: bozza']);
		const d = auditProse(rec({ action: 'target modificato', ref: 'X-I2', indicator: { type: 'data', unit: null }, before: JSON.stringify({ target: null, target_date: '2022-06-30' }), after: JSON.stringify({ target: null, target_date: '2022-12-31' }) }));
		expect(d.changes).toEqual(['Target (data): da 30/06/2022 a 31/12/2022']);
		expect(auditProse(rec({ action: 'target modificato', indicator: { type: 'percentuale', unit: '%' }, before: JSON.stringify({ target: 80 }), after: JSON.stringify({ target: 92.5 }) })).changes).toEqual(['Target: da 80 % a 92,5 %']);
	});

	it('a date closed, validated, reopened, as each objective reads it, with its own count and plurals', () => {
		const line = (action: string, n: number) => auditProse(rec({ action, entity: 'data di monitoraggio', ref: '2022-06-30', who: 'Direzione generale', indicator: null, after: JSON.stringify({ state: 'x', valori: 40, valori_obiettivo: n }) }));
		expect(line('monitoraggio: chiudi', 0)).toMatchObject({ what: expect.stringContaining('ha chiuso la data di monitoraggio del 30/06/2022'), changes: ['Nessun valore di questo obiettivo a quella data'] });
		expect(line('monitoraggio: valida', 1).changes).toEqual(['1 valore di questo obiettivo (bloccati dalla validazione)']);
		expect(line('monitoraggio: riapri', 3).changes).toEqual(['3 valori di questo obiettivo (sbloccati)']);
	});

	it('a returned value carries the comment; nothing unknown is shown as JSON', () => {
		const p = auditProse(rec({ action: 'valore restituito', reason: 'Indicare gli archivi', before: '{"state":"inviato"}', after: '{"state":"restituito"}' }));
		expect(p).toMatchObject({ reason: 'Indicare gli archivi', reasonLabel: 'Commento' });
		const odd = auditProse(rec({ action: 'azione nuova', after: '{"value": 3}' }));
		expect([odd.what, ...odd.changes].join(' ')).not.toMatch(/[{}"]/);
	});
});

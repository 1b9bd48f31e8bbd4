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

describe('phase progress in the log', () => {
	const who = 'Dirigente Luigi De Angelis';
	it('words a submitted report with its fields in Italian', () => {
		const prose = auditProse({
			action: 'avanzamento fase inviato',
			entity: 'fase',
			ref: 'fase 2 di 2022-H1-OP-03 al 2022-06-30',
			before: JSON.stringify({ status: 'non_avviata', percent: null, actual_start: null, actual_end: null, note: null, state: 'bozza' }),
			after: JSON.stringify({ status: 'in_corso', percent: 12.5, actual_start: '2022-03-01', actual_end: null, note: 'Gara aggiudicata', state: 'inviato' }),
			reason: null,
			who,
			indicator: null
		});
		expect(prose.what).toBe('ha inviato alla Direzione l’avanzamento della fase 2 di 2022-H1-OP-03 al 30/06/2022');
		expect(prose.changes).toEqual([
			'Stato della fase: da non avviata a in corso',
			'Percentuale di avanzamento: da nessuno a 12,5 %',
			'Inizio effettivo: da nessuno a 01/03/2022',
			'Nota: da nessuno a «Gara aggiudicata»',
			'Stato: da bozza a inviato'
		]);
	});
	it('calls the direction’s words on a returned report a comment, and a planned-date change’s reason a motivation', () => {
		const returned = auditProse({ action: 'avanzamento fase restituito', entity: 'fase', ref: 'fase 1 di X al 2022-06-30', before: '{"state":"inviato"}', after: '{"state":"restituito"}', reason: 'Manca la data', who, indicator: null });
		expect(returned.reasonLabel).toBe('Commento');
		const withdrawn = auditProse({ action: 'avanzamento fase ritirato', entity: 'fase', ref: 'fase 1 di X al 2022-06-30', before: '{"state":"inviato"}', after: '{"state":"bozza"}', reason: null, who, indicator: null });
		expect(withdrawn.what).toBe('ha ritirato l’avanzamento della fase 1 di X al 30/06/2022, che torna in bozza');
		const dates = auditProse({
			action: 'date previste della fase modificate',
			entity: 'fase',
			ref: 'fase 1 di X',
			before: '{"start_date":"2022-01-15","end_date":"2022-03-31"}',
			after: '{"start_date":"2022-01-15","end_date":"2022-05-31"}',
			reason: 'Variante approvata',
			who,
			indicator: null
		});
		expect(dates.what).toBe('ha modificato le date previste della fase 1 di X');
		expect(dates.changes).toEqual(['Fine prevista: da 31/03/2022 a 31/05/2022']);
		expect(dates.reasonLabel).toBe('Motivazione');
	});
});

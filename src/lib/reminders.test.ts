import { describe, expect, it } from 'vitest';
import { composeReminder, reminderKind, type ReminderInput } from './reminders';

const input = (over: Partial<ReminderInput>): ReminderInput => ({
	directorName: 'Luigi De Angelis',
	body: 'Provincia di Lucca',
	year: 2022,
	date: '2022-09-30',
	dueDate: '2022-10-15',
	kind: 'in_scadenza',
	daysLeft: 5,
	baseUrl: 'https://cruscotto.example',
	items: [
		{ indicatorCode: '2022-B7-OP-01-I01', description: 'Numero di istituti censiti', objectiveCode: '2022-B7-OP-01', state: 'mancante', comment: null },
		{ indicatorCode: '2022-B7-OP-03-I01', description: 'Manuale adottato', objectiveCode: '2022-B7-OP-03', state: 'restituito', comment: 'Allegare il verbale' }
	],
	...over
});

describe('reminder message', () => {
	it('before the due date: what is owed, by when, with links', () => {
		const m = composeReminder(input({}));
		expect(m.subject).toBe('Promemoria: valori al 30/09/2022 da inviare entro il 15/10/2022');
		expect(m.text).toContain('risultano 1 valore da inserire e inviare e 1 valore restituito dalla Direzione generale da correggere.');
		expect(m.text).toContain('La scadenza per l’inserimento è il 15/10/2022 (tra 5 giorni).');
		expect(m.text).toContain('https://cruscotto.example/da-aggiornare?data=2022-09-30');
		expect(m.text).toContain('https://cruscotto.example/obiettivi/2022/2022-B7-OP-01');
		expect(m.text).toContain('Commento: Allegare il verbale');
		expect([m.missing, m.returned]).toEqual([1, 1]);
	});

	it('overdue: says so in the subject and the text', () => {
		const m = composeReminder(input({ kind: reminderKind(-3), daysLeft: -3, items: input({}).items.slice(0, 1) }));
		expect(m.subject).toBe('Scadenza passata: valori al 30/09/2022 ancora da inviare');
		expect(m.text).toContain('era il 15/10/2022: i valori sono in ritardo');
		expect(m.text).not.toContain('Restituiti');
	});

	it('kind follows the due date', () => {
		expect([reminderKind(null), reminderKind(0), reminderKind(-1)]).toEqual(['in_scadenza', 'in_scadenza', 'scaduto']);
	});
});

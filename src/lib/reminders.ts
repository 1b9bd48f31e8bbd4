/**
 * The reminder e-mail a director receives about one monitoring date: plain Italian text, one message
 * listing every value he still owes, each with a link. Pure: the command composes, the server sends.
 */
import { countLabel, formatDate } from './format';

export type ReminderKind = 'in_scadenza' | 'scaduto';

export interface ReminderItem {
	indicatorCode: string;
	description: string;
	objectiveCode: string;
	/** No value at the date, only a draft, or returned by the direction. */
	state: 'mancante' | 'bozza' | 'restituito';
	comment: string | null;
}

export interface ReminderInput {
	directorName: string;
	body: string;
	year: number;
	date: string;
	dueDate: string | null;
	kind: ReminderKind;
	daysLeft: number | null;
	items: ReminderItem[];
	/** Where the dashboard is reached, without a trailing slash: https://performance.provincia.lucca.it */
	baseUrl: string;
}

export function reminderKind(daysLeft: number | null): ReminderKind {
	return daysLeft !== null && daysLeft < 0 ? 'scaduto' : 'in_scadenza';
}

export function composeReminder(r: ReminderInput): { subject: string; text: string; missing: number; returned: number } {
	const toEnter = r.items.filter((i) => i.state !== 'restituito');
	const returned = r.items.filter((i) => i.state === 'restituito');
	const when = formatDate(r.date);
	const subject =
		r.kind === 'scaduto'
			? `Scadenza passata: valori al ${when} ancora da inviare`
			: r.dueDate
				? `Promemoria: valori al ${when} da inviare entro il ${formatDate(r.dueDate)}`
				: `Promemoria: valori al ${when} da inviare`;
	const owed = [toEnter.length > 0 ? `${countLabel(toEnter.length, 'valore', 'valori')} da inserire e inviare` : '', returned.length > 0 ? `${countLabel(returned.length, 'valore restituito', 'valori restituiti')} dalla Direzione generale da correggere` : '']
		.filter(Boolean)
		.join(' e ');
	const deadline =
		r.dueDate === null
			? 'La Direzione generale non ha fissato una scadenza.'
			: r.kind === 'scaduto'
				? `La scadenza per l’inserimento era il ${formatDate(r.dueDate)}: i valori sono in ritardo.`
				: `La scadenza per l’inserimento è il ${formatDate(r.dueDate)}${r.daysLeft === 0 ? ' (oggi)' : r.daysLeft === 1 ? ' (domani)' : r.daysLeft !== null ? ` (tra ${countLabel(r.daysLeft, 'giorno', 'giorni')})` : ''}.`;
	const link = (i: ReminderItem) => `${r.baseUrl}/obiettivi/${r.year}/${encodeURIComponent(i.objectiveCode)}`;
	const lines = [
		`Gentile ${r.directorName},`,
		'',
		`per la data di monitoraggio del ${when} (${r.body}) risultano ${owed}.`,
		deadline,
		'',
		`Per inserirli: ${r.baseUrl}/da-aggiornare?data=${r.date}`,
		''
	];
	if (toEnter.length > 0) {
		lines.push('Da inserire e inviare:');
		for (const i of toEnter) lines.push(`- ${i.indicatorCode} ${i.description}${i.state === 'bozza' ? ' (salvato in bozza, non inviato)' : ''}`, `  ${link(i)}`);
		lines.push('');
	}
	if (returned.length > 0) {
		lines.push('Restituiti dalla Direzione generale:');
		for (const i of returned) lines.push(`- ${i.indicatorCode} ${i.description}`, `  Commento: ${i.comment ?? '(nessuno)'}`, `  ${link(i)}`);
		lines.push('');
	}
	lines.push('Messaggio automatico del cruscotto della performance: non rispondere a questo indirizzo.');
	return { subject, text: lines.join('\n'), missing: toEnter.length, returned: returned.length };
}

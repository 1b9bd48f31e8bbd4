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

/** A phase whose report is due at the date and not yet sent (or returned). */
export interface PhaseReminderItem {
	objectiveCode: string;
	number: number;
	description: string;
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
	/** Phase reports due and not sent (campaign.ts, PHASES_DUE_RULE); none when absent. */
	phases?: PhaseReminderItem[];
	/** Where the dashboard is reached, without a trailing slash: https://performance.provincia.lucca.it */
	baseUrl: string;
}

export function reminderKind(daysLeft: number | null): ReminderKind {
	return daysLeft !== null && daysLeft < 0 ? 'scaduto' : 'in_scadenza';
}

export function composeReminder(r: ReminderInput): { subject: string; text: string; missing: number; returned: number } {
	const toEnter = r.items.filter((i) => i.state !== 'restituito');
	const returned = r.items.filter((i) => i.state === 'restituito');
	const phases = r.phases ?? [];
	const phasesToEnter = phases.filter((p) => p.state !== 'restituito');
	const phasesReturned = phases.filter((p) => p.state === 'restituito');
	const when = formatDate(r.date);
	const what = r.items.length === 0 ? 'avanzamento delle fasi' : phases.length === 0 ? 'valori' : 'valori e avanzamento delle fasi';
	const subject =
		r.kind === 'scaduto'
			? `Scadenza passata: ${what} al ${when} ancora da inviare`
			: r.dueDate
				? `Promemoria: ${what} al ${when} da inviare entro il ${formatDate(r.dueDate)}`
				: `Promemoria: ${what} al ${when} da inviare`;
	const owedParts = [
		toEnter.length > 0 ? `${countLabel(toEnter.length, 'valore', 'valori')} da inserire e inviare` : '',
		returned.length > 0 ? `${countLabel(returned.length, 'valore restituito', 'valori restituiti')} dalla Direzione generale da correggere` : '',
		phasesToEnter.length > 0 ? `${countLabel(phasesToEnter.length, 'avanzamento di fase', 'avanzamenti di fase')} da dichiarare e inviare` : '',
		phasesReturned.length > 0 ? `${countLabel(phasesReturned.length, 'avanzamento di fase restituito', 'avanzamenti di fase restituiti')} da correggere` : ''
	].filter(Boolean);
	const owed = owedParts.length > 1 ? `${owedParts.slice(0, -1).join(', ')} e ${owedParts.at(-1)}` : owedParts.join('');
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
	if (phases.length > 0) {
		lines.push('Avanzamento delle fasi da dichiarare (stato, percentuale, date effettive):');
		for (const p of phases) {
			const state = p.state === 'bozza' ? ' (salvato in bozza, non inviato)' : p.state === 'restituito' ? ' (restituito dalla Direzione generale)' : '';
			lines.push(`- fase ${p.number} di ${p.objectiveCode}: ${p.description}${state}`);
			if (p.state === 'restituito') lines.push(`  Commento: ${p.comment ?? '(nessuno)'}`);
			lines.push(`  ${r.baseUrl}/obiettivi/${r.year}/${encodeURIComponent(p.objectiveCode)}`);
		}
		lines.push('');
	}
	lines.push('Messaggio automatico del cruscotto della performance: non rispondere a questo indirizzo.');
	// The reminder's record counts what was owed: values and phase reports together.
	return { subject, text: lines.join('\n'), missing: toEnter.length + phasesToEnter.length, returned: returned.length + phasesReturned.length };
}

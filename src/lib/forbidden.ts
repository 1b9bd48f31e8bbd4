/**
 * What a refusal (403) says, in plain Italian: what was refused, who may do it, whom to ask, and the
 * way back to one's own page. Pure, shared by the server's guard and the error page.
 */
import { homeFor } from './role-home';
import type { Role } from './vocabulary';

const TO_ROLE: Record<Role, string> = {
	dirigente: 'ai dirigenti',
	direzione: 'alla Direzione generale',
	nucleo: 'al Nucleo di valutazione',
	admin: 'all’amministratore'
};

/** «alla Direzione generale e all’amministratore». */
export function reservedTo(roles: readonly Role[]): string {
	const parts = roles.map((r) => TO_ROLE[r]);
	return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} e ${parts[parts.length - 1]}`;
}

/** The guard's message: who may, never the role codes. */
export function refusalMessage(roles: readonly Role[]): string {
	return `Questa funzione è riservata ${reservedTo(roles)}.`;
}

/** The pages a refusal can come from, named as their menus name them. */
const PAGES: Array<[RegExp, string]> = [
	[/^\/revisione/, 'Revisione dei valori inviati'],
	[/^\/monitoraggio/, 'Date di monitoraggio'],
	[/^\/da-aggiornare/, 'Valori da aggiornare'],
	[/^\/il-mio-lavoro/, 'Il mio lavoro'],
	[/^\/utenti/, 'Account'],
	[/^\/esempi/, 'Valori di esempio'],
	[/^\/report/, 'Report'],
	[/^\/allegati/, 'Allegato di un valore'],
	[/^\/obiettivi/, 'Obiettivo'],
	[/^\/esporta/, 'File di interscambio']
];

export function pageName(pathname: string): string | null {
	return PAGES.find(([re]) => re.test(pathname))?.[1] ?? null;
}

const HOME_NAMES: Record<string, string> = { '/il-mio-lavoro': 'Il mio lavoro', '/monitoraggio': 'Date di monitoraggio' };

/** Where the refused user goes back to: his own page, by name. */
export function homeLink(role: Role): { href: string; label: string } {
	const href = homeFor(role);
	return { href, label: HOME_NAMES[href] ?? 'la tua pagina' };
}

/** Whom to ask: the administrator changes accounts' roles; an administrator is told where. */
export function whomToAsk(role: Role): string {
	return role === 'admin'
		? 'Il ruolo di un account si cambia dalla pagina «Account».'
		: 'Se ti serve per il tuo lavoro, chiedi all’amministratore del cruscotto di rivedere il ruolo del tuo account.';
}

import type { Role } from './vocabulary';

/**
 * Where each role lands after signing in: a director on his own work, the direction and the
 * administrator on the campaign, the evaluation board on what awaits validation (the same page, which
 * shows each role its part). The plan's overview stays one click away ("Andamento").
 */
export function homeFor(role: Role): string {
	return role === 'dirigente' ? '/il-mio-lavoro' : '/monitoraggio';
}

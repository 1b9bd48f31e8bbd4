import { error } from '@sveltejs/kit';
import type { Role } from '../db/schema';
import type { SignedInUser } from './users.repository';

/** The signed-in user with one of the roles, or a 403 that says who may. */
export function requireRole(user: SignedInUser | null, ...roles: Role[]): SignedInUser {
	if (!user) error(403, 'Accesso richiesto: entrare con il proprio account.');
	if (!roles.includes(user.role)) error(403, `Operazione riservata a: ${roles.join(', ')}.`);
	return user;
}

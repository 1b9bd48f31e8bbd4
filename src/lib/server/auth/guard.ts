import { error } from '@sveltejs/kit';
import { refusalMessage } from '../../forbidden';
import type { Role } from '../../vocabulary';
import type { SignedInUser } from './users.repository';

/** The signed-in user with one of the roles, or a 403 that says, in plain Italian, who may. */
export function requireRole(user: SignedInUser | null, ...roles: Role[]): SignedInUser {
	if (!user) error(403, 'Per questa funzione bisogna entrare con il proprio account.');
	if (!roles.includes(user.role)) error(403, refusalMessage(roles));
	return user;
}

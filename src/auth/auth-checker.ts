import type { AuthCheckerFn } from 'type-graphql';
import type { Context } from '../context';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { hasRole } from './roles';

/** `@Authorized()` needs a caller; `@Authorized(role, …)` needs one of those roles (or one implying it). */
export const authChecker: AuthCheckerFn<Context> = ({ context }, roles) => {
  const identity = context.identity;
  if (!identity) throw new UnauthenticatedError();
  if (roles.length && !roles.some((role) => hasRole(identity.roles, role))) {
    throw new ForbiddenError(`This requires the role ${roles.map((r) => `'${r}'`).join(' or ')}`);
  }
  return true;
};

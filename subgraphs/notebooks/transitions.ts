import { ConflictError } from '../../src/errors';

/** A lifecycle as data: action → the statuses it starts from → the status it ends in. */
export type TransitionTable<S extends string> = Record<string, { from: readonly S[]; to: S }>;

/**
 * The transition function of a table: the status `action` leads to from `status`, or CONFLICT
 * carrying the current status (and the action) when the table does not allow it.
 */
export function transitionsOf<S extends string, T extends TransitionTable<S>>(table: T, noun: string) {
  return (status: string, action: keyof T & string): T[typeof action]['to'] => {
    const rule = table[action];
    if (!(rule.from as readonly string[]).includes(status)) {
      throw new ConflictError(`Cannot ${action.replace('_', ' ')} ${noun} that is ${status} (allowed from: ${rule.from.join(', ')})`, { status, action });
    }
    return rule.to;
  };
}

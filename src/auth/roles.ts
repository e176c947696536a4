/** Tenant roles, spelled as datacovey spells them (spaces and capitals included). */
export const ORG_ADMIN = 'Org admin';
export const DATASET_EDITOR = 'Dataset editor';
export const DATASET_USER = 'Dataset user';
/** Manages tenants themselves (create, list all); held by the bootstrap admin. */
export const PLATFORM_ADMIN = 'Platform admin';

export const TENANT_ROLES = [DATASET_USER, DATASET_EDITOR, ORG_ADMIN] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];
export const ALL_ROLES = [...TENANT_ROLES, PLATFORM_ADMIN] as const;

/** A tenant role's strength (its place in TENANT_ROLES); -1 for anything else. */
export function roleRank(role: string): number {
  return (TENANT_ROLES as readonly string[]).indexOf(role);
}

/** Roles implied by a role: an Org admin can do what editors and users can. */
const IMPLIED: Record<string, readonly string[]> = {
  [PLATFORM_ADMIN]: [PLATFORM_ADMIN],
  [ORG_ADMIN]: [ORG_ADMIN, DATASET_EDITOR, DATASET_USER],
  [DATASET_EDITOR]: [DATASET_EDITOR, DATASET_USER],
  [DATASET_USER]: [DATASET_USER],
};

export function hasRole(held: readonly string[], required: string): boolean {
  return held.some((role) => (IMPLIED[role] ?? [role]).includes(required));
}

import { Arg, Args, Authorized, Field, ID, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { IsOptional, MaxLength } from 'class-validator';
import { NotFoundError } from '../../src/errors';
import { Connection, PageArgs, pageOf, SortDirection } from '../../src/pagination';
import { Role } from './entities';

/** A role with the permissions it grants (lakesail's organization and team roles). */
@ObjectType({ description: 'A role and the permissions it grants.' })
export class RoleDefinition {
  @Field(() => ID, { description: 'Role id (^[A-Z0-9]{1,20}$).' })
  id!: string;
  @Field(() => String, { description: 'Display name.' })
  name!: string;
  @Field(() => String, { description: 'What holders of the role may do.' })
  description!: string;
  @Field(() => [String], { description: 'Permissions the role grants.' })
  permissions!: string[];
}

/** Organization roles: the tenant roles every user holds one of. */
export const ORGANIZATION_ROLES: (RoleDefinition & { role: Role })[] = [
  { id: 'ORGADMIN', role: Role.ORG_ADMIN, name: Role.ORG_ADMIN, description: 'Administers the organization: members, roles, teams, invitations, approvals and agents.', permissions: ['org:manage', 'members:manage', 'teams:manage', 'invitations:manage', 'approvals:review', 'agents:manage', 'datasets:write', 'datasets:read'] },
  { id: 'DATASETEDITOR', role: Role.DATASET_EDITOR, name: Role.DATASET_EDITOR, description: 'Creates and edits datasets, tables and queries.', permissions: ['datasets:write', 'datasets:read'] },
  { id: 'DATASETUSER', role: Role.DATASET_USER, name: Role.DATASET_USER, description: 'Reads and queries datasets.', permissions: ['datasets:read'] },
];

/** Team roles: what a member may do within a team. */
export const TEAM_ROLES: RoleDefinition[] = [
  { id: 'TEAMADMIN', name: 'Team admin', description: "Manages the team's members and shared resources.", permissions: ['team:manage', 'team:resources:write', 'team:resources:read'] },
  { id: 'TEAMMEMBER', name: 'Team member', description: "Uses the team's shared resources.", permissions: ['team:resources:read'] },
];

/** A team's default role when none is given for a new member. */
export const DEFAULT_TEAM_ROLE = 'TEAMMEMBER';

export const RoleDefinitionConnection = Connection(RoleDefinition, 'RoleDefinition');

@InputType({ description: 'Search and order a role list.' })
export class RoleFilter {
  @Field(() => String, { nullable: true, description: 'Only roles whose name or description contains this (case-insensitive).' })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;

  @Field(() => SortDirection, { nullable: true, description: 'Order by name. Default ASC.' })
  @IsOptional()
  direction?: SortDirection | null;
}

function filtered(roles: RoleDefinition[], filter?: RoleFilter): RoleDefinition[] {
  const search = filter?.search?.toLowerCase();
  const matching = roles
    .filter((r) => !search || r.name.toLowerCase().includes(search) || r.description.toLowerCase().includes(search))
    .map(({ id, name, description, permissions }) => ({ id, name, description, permissions }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return filter?.direction === SortDirection.DESC ? matching.reverse() : matching;
}

export function findTeamRole(id: string): RoleDefinition | undefined {
  return TEAM_ROLES.find((r) => r.id === id);
}

@Resolver(() => RoleDefinition)
export class RoleResolver {
  @Authorized()
  @Query(() => RoleDefinitionConnection, { description: 'Organization roles (a user holds one).' })
  organizationRoles(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => RoleFilter, { nullable: true, description: 'Search and order.' }) filter?: RoleFilter) {
    return pageOf(filtered(ORGANIZATION_ROLES, filter), page);
  }

  @Authorized()
  @Query(() => RoleDefinition, { description: 'One organization role.' })
  organizationRole(@Arg('id', () => ID, { description: 'Role id, e.g. ORGADMIN.' }) id: string) {
    const role = filtered(ORGANIZATION_ROLES).find((r) => r.id === id);
    if (!role) throw new NotFoundError('Organization role', id);
    return role;
  }

  @Authorized()
  @Query(() => RoleDefinitionConnection, { description: 'Team roles (assignable to team members).' })
  teamRoles(@Args(() => PageArgs) page: PageArgs, @Arg('filter', () => RoleFilter, { nullable: true, description: 'Search and order.' }) filter?: RoleFilter) {
    return pageOf(filtered(TEAM_ROLES, filter), page);
  }

  @Authorized()
  @Query(() => RoleDefinition, { description: 'One team role.' })
  teamRole(@Arg('id', () => ID, { description: 'Role id, e.g. TEAMMEMBER.' }) id: string) {
    const role = findTeamRole(id);
    if (!role) throw new NotFoundError('Team role', id);
    return role;
  }
}

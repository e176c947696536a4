import { IsEmail, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType, registerEnumType } from 'type-graphql';
import { SortDirection } from '../../src/pagination';
import { Role } from './entities';

@InputType({ description: 'The first Org admin of a new tenant.' })
export class TenantAdminInput {
  @Field(() => String, { description: 'Email of the admin.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(320)
  email!: string;

  @Field(() => String, { description: 'Display name of the admin.' })
  @Length(1, 200)
  name!: string;
}

@InputType({ description: 'A new tenant.' })
export class CreateTenantInput {
  @Field(() => String, { description: 'Display name, unique among active tenants.' })
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;

  @Field(() => TenantAdminInput, { nullable: true, description: 'Creates this user as the tenant\'s first Org admin.' })
  @IsOptional()
  admin?: TenantAdminInput | null;
}

@InputType({ description: 'Changes to a tenant; omitted fields stay as they are.' })
export class UpdateTenantInput {
  @Field(() => String, { nullable: true, description: 'New display name.' })
  @IsOptional()
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name?: string | null;
}

@InputType({ description: 'Which tenants to list.' })
export class TenantFilter {
  @Field(() => String, { nullable: true, description: 'Only tenants whose name contains this (case-insensitive).' })
  @IsOptional()
  @MaxLength(200)
  nameContains?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Include soft-deleted tenants.' })
  includeArchived?: boolean | null;
}

@InputType({ description: 'A new user, or the full replacement of one.' })
export class UserInput {
  @Field(() => String, { description: 'Email address, unique among the tenant\'s active users.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(320)
  email!: string;

  @Field(() => String, { description: 'Display name.' })
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;

  @Field(() => Role, { nullable: true, description: 'Role in the tenant. Default DATASET_USER.' })
  @IsOptional()
  role?: Role | null;
}

@InputType({ description: 'Changes to a user; omitted fields stay as they are.' })
export class UpdateUserInput {
  @Field(() => String, { nullable: true, description: 'New email address.' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(320)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'New display name.' })
  @IsOptional()
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name?: string | null;

  @Field(() => Role, { nullable: true, description: 'New role (Org admin only).' })
  @IsOptional()
  role?: Role | null;
}

export enum UserSortField {
  NAME = 'name',
  EMAIL = 'email',
  CREATED_AT = 'createdAt',
}
registerEnumType(UserSortField, { name: 'UserSortField', description: 'What to sort users by.' });

@InputType({ description: 'Which users to list, and in what order.' })
export class UserFilter {
  @Field(() => UserSortField, { nullable: true, description: 'Sort key. Default CREATED_AT.' })
  @IsOptional()
  sortBy?: UserSortField | null;

  @Field(() => SortDirection, { nullable: true, description: 'Default ASC.' })
  @IsOptional()
  direction?: SortDirection | null;

  @Field(() => Role, { nullable: true, description: 'Only users with this role.' })
  @IsOptional()
  role?: Role | null;

  @Field(() => String, { nullable: true, description: 'Only users whose name or email contains this (case-insensitive).' })
  @IsOptional()
  @MaxLength(320)
  search?: string | null;
}

import { IsIn, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType, registerEnumType } from 'type-graphql';
import { SortDirection } from '../../src/pagination';

@InputType({ description: 'A new project.' })
export class CreateProjectInput {
  @Field(() => String, { description: 'Name, unique among your tenant\'s active projects.' })
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Free-text description.' })
  @IsOptional()
  @MaxLength(10000)
  description?: string | null;
}

@InputType({ description: 'Changes to a project; omitted fields stay as they are.' })
export class UpdateProjectInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  @IsOptional()
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New description.' })
  @IsOptional()
  @MaxLength(10000)
  description?: string | null;
}

export enum ProjectSortField {
  NAME = 'name',
  CREATED_AT = 'createdAt',
  UPDATED_AT = 'updatedAt',
}
registerEnumType(ProjectSortField, { name: 'ProjectSortField', description: 'What to sort projects by.' });

@InputType({ description: 'Which projects to list, and in what order.' })
export class ProjectFilter {
  @Field(() => String, { nullable: true, description: 'Only projects whose name contains this (case-insensitive).' })
  @IsOptional()
  @MaxLength(200)
  nameContains?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Include soft-deleted projects.' })
  includeArchived?: boolean | null;

  @Field(() => ProjectSortField, { nullable: true, description: 'Sort key. Default CREATED_AT.' })
  @IsOptional()
  @IsIn(Object.values(ProjectSortField))
  sortBy?: ProjectSortField | null;

  @Field(() => SortDirection, { nullable: true, description: 'Sort direction. Default ASC.' })
  @IsOptional()
  direction?: SortDirection | null;
}

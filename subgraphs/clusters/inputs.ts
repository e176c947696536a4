import { ArrayMaxSize, IsIn, IsInt, IsOptional, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { SortDirection } from '../../src/pagination';
import { CLUSTER_KINDS } from './entities';

@InputType({ description: 'A node group: instance type and size.' })
export class NodeGroupInput {
  @Field(() => String, { description: 'Name, unique in its cluster.' })
  @Matches(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}$/, { message: 'node group name must be letters, digits, - or _ (at most 63)' })
  name!: string;
  @Field(() => String, { description: 'Instance type, e.g. m5.large.' })
  @Length(1, 64)
  instanceType!: string;
  @Field(() => Int, { description: 'Nodes wanted.' })
  @IsInt()
  @Min(0)
  @Max(1000)
  desiredSize!: number;
  @Field(() => Int, { nullable: true, description: 'Fewest nodes (default: desiredSize).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  minSize?: number | null;
  @Field(() => Int, { nullable: true, description: 'Most nodes (default: desiredSize).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  maxSize?: number | null;
}

@InputType({ description: 'A new cluster: registered (already running, active at once) or provisioned through a connection (pending until provisioned).' })
export class CreateClusterInput {
  @Field(() => String, { description: 'Name.' })
  @Length(1, 200)
  name!: string;
  @Field(() => String, { nullable: true, description: `Kind: ${CLUSTER_KINDS.join(' or ')} (default registered; provisioned when connectionId is given).` })
  @IsOptional()
  @IsIn(CLUSTER_KINDS, { message: `kind must be one of ${CLUSTER_KINDS.join(', ')}` })
  kind?: string | null;
  @Field(() => String, { nullable: true, description: 'What it is for.' })
  @IsOptional()
  @MaxLength(10_000)
  description?: string | null;
  @Field(() => String, { nullable: true, description: 'API server endpoint (registered clusters).' })
  @IsOptional()
  @MaxLength(500)
  endpoint?: string | null;
  @Field(() => ID, { nullable: true, description: 'Cloud connection to provision through (provisioned clusters; must be active).' })
  @IsOptional()
  @MaxLength(36)
  connectionId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Network to provision into (provisioned clusters; must be active, of the same connection).' })
  @IsOptional()
  @MaxLength(36)
  networkId?: string | null;
  @Field(() => String, { nullable: true, description: 'Kubernetes version, e.g. 1.30 (default 1.30).' })
  @IsOptional()
  @Matches(/^\d+\.\d+$/, { message: 'kubernetesVersion must look like 1.30' })
  kubernetesVersion?: string | null;
  @Field(() => [NodeGroupInput], { nullable: true, description: 'Node groups (provisioned clusters; default one group of 2 nodes).' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  nodeGroups?: NodeGroupInput[] | null;
  @Field(() => [ID], { nullable: true, description: 'Teams that may see and use it.' })
  @IsOptional()
  @ArrayMaxSize(100)
  teamIds?: string[] | null;
}

@InputType({ description: 'Changes to a provisioned cluster, applied by an asynchronous update (active → updating → active).' })
export class UpdateClusterInput {
  @Field(() => String, { nullable: true, description: 'New Kubernetes version (no downgrades).' })
  @IsOptional()
  @Matches(/^\d+\.\d+$/, { message: 'kubernetesVersion must look like 1.30' })
  kubernetesVersion?: string | null;
  @Field(() => [NodeGroupInput], { nullable: true, description: 'The node groups it should have.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  nodeGroups?: NodeGroupInput[] | null;
}

export enum ClusterSortField {
  NAME = 'name',
}
registerEnumType(ClusterSortField, { name: 'ClusterSortField', description: 'What to sort clusters by.' });

@InputType({ description: 'Which clusters to list and in what order.' })
export class ClusterFilter {
  @Field(() => ClusterSortField, { nullable: true, description: 'Default NAME.' })
  @IsOptional()
  sortBy?: ClusterSortField | null;
  @Field(() => SortDirection, { nullable: true, description: 'Default ASC.' })
  @IsOptional()
  direction?: SortDirection | null;
  @Field(() => String, { nullable: true, description: `Only this kind (${CLUSTER_KINDS.join(', ')}).` })
  @IsOptional()
  @IsIn(CLUSTER_KINDS)
  kind?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only clusters provisioned through this connection.' })
  @IsOptional()
  @MaxLength(36)
  connectionId?: string | null;
}

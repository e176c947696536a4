import { Entity, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { GraphQLJSON } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { ArchivableEntity } from '../../src/db/base-entities';

/** Kinds of clusters: registered by the user (already running), or provisioned by us through a connection (lakesail's "External" clusters). */
export const CLUSTER_KINDS = ['registered', 'provisioned'] as const;
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

@ObjectType({ description: 'A group of worker nodes of a cluster: instance type and size.' })
export class NodeGroup {
  @Field(() => String, { description: 'Node group name, unique in its cluster.' })
  name!: string;
  @Field(() => String, { description: 'Instance type of its nodes, e.g. m5.large.' })
  instanceType!: string;
  @Field(() => Int, { description: 'Nodes wanted.' })
  desiredSize!: number;
  @Field(() => Int, { description: 'Fewest nodes.' })
  minSize!: number;
  @Field(() => Int, { description: 'Most nodes.' })
  maxSize!: number;
}

@ObjectType({ description: 'Progress of one provisioning phase, persisted so a restarted process resumes where it stopped.' })
export class PhaseProgress {
  @Field(() => String, { description: 'Phase name, e.g. control_plane.' })
  phase!: string;
  @Field(() => String, { description: 'pending, running, done or failed.' })
  status!: string;
  @Field(() => Int, { description: 'Steps of the phase done so far.' })
  stepsDone!: number;
  @Field(() => Int, { description: 'Steps the phase has.' })
  steps!: number;
  @Field(() => Date, { nullable: true, description: 'When the phase started.' })
  startedAt?: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the phase ended.' })
  endedAt?: Date | null;
}

/**
 * A Kubernetes cluster of a tenant. Its status follows cluster.machine.ts. Other domains read
 * `clusters.id`, `tenant_id`, `status` and `archived_at` by plain SQL: keep those columns stable.
 */
@ObjectType({ description: 'A Kubernetes cluster: registered (already running) or provisioned through a cloud connection.' })
@Entity({ tableName: 'clusters' })
@Index({ properties: ['tenantId', 'name'] })
export class Cluster extends ArchivableEntity {
  @Field(() => String, { description: 'Name.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What it is for.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  @Field(() => String, { description: `Kind: ${CLUSTER_KINDS.join(' or ')}.` })
  @Property({ type: 'string', length: 16 })
  kind!: string;

  @Field(() => String, { description: 'Status: pending, provisioning, active, updating, destroying, destroyed or failed.' })
  @Property({ type: 'string', length: 16 })
  status!: string;

  @Field(() => String, { nullable: true, description: 'Why it failed (or the last status change note).' })
  @Property({ type: 'text', nullable: true })
  statusReason?: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The cloud connection it is provisioned through (provisioned clusters).' })
  @Index()
  @Property({ type: 'string', length: 36, nullable: true })
  connectionId?: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The network it lives in (provisioned clusters).' })
  @Property({ type: 'string', length: 36, nullable: true })
  networkId?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Cloud region (provisioned clusters).' })
  @Property({ type: 'string', length: 64, nullable: true })
  region?: string | null = null;

  @Field(() => String, { nullable: true, description: 'API server endpoint.' })
  @Property({ type: 'string', length: 500, nullable: true })
  endpoint?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Kubernetes version, e.g. 1.30.' })
  @Property({ type: 'string', length: 16, nullable: true })
  kubernetesVersion?: string | null = null;

  @Field(() => [NodeGroup], { description: 'Node groups (provisioned clusters).' })
  @Property({ type: 'json' })
  nodeGroups: Opt<NodeGroup[]> = [];

  @Field(() => String, { description: 'Driver that provisions it (local by default).' })
  @Property({ type: 'string', length: 32 })
  driver: Opt<string> = 'local';

  @Field(() => String, { nullable: true, description: 'The phase of the running lifecycle action, if any.' })
  @Property({ type: 'string', length: 32, nullable: true })
  phase?: string | null = null;

  @Field(() => [PhaseProgress], { description: 'Phases of the running (or last) lifecycle action and their progress.' })
  @Property({ type: 'json' })
  phases: Opt<PhaseProgress[]> = [];

  @Field(() => GraphQLJSON, { nullable: true, description: 'Changes waiting to be applied by the running update (kubernetesVersion, nodeGroups).' })
  @Property({ type: 'json', nullable: true })
  pendingChanges?: { kubernetesVersion?: string | null; nodeGroups?: NodeGroup[] | null } | null = null;

  @Field(() => ID, { nullable: true, description: 'The async operation of the latest lifecycle action.' })
  @Property({ type: 'string', length: 36, nullable: true })
  operationId?: string | null = null;

  @Field(() => ID, { nullable: true, description: 'Who created it.' })
  @Property({ type: 'string', length: 36, nullable: true })
  createdBy?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When it last became active.' })
  @Property({ type: 'datetime', nullable: true })
  activeSince?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When its infrastructure was destroyed.' })
  @Property({ type: 'datetime', nullable: true })
  destroyedAt?: Date | null = null;
}

/** A cloud account connection (lakesail's External connection): clusters and networks are provisioned through it once it is verified active. */
@ObjectType({ description: 'A cloud account connection: clusters and networks are provisioned through it once verified.' })
@Entity({ tableName: 'cloud_connections' })
@Index({ properties: ['tenantId', 'name'] })
export class CloudConnection extends ArchivableEntity {
  @Field(() => String, { description: 'Name.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { description: 'Cloud provider: aws or local.' })
  @Property({ type: 'string', length: 16 })
  provider!: string;

  @Field(() => String, { description: 'Default region.' })
  @Property({ type: 'string', length: 64 })
  region!: string;

  @Field(() => String, { nullable: true, description: 'Cloud account id.' })
  @Property({ type: 'string', length: 64, nullable: true })
  accountId?: string | null = null;

  @Field(() => String, { description: 'Status: pending (template not yet verified), active or failed.' })
  @Property({ type: 'string', length: 16 })
  status: Opt<string> = 'pending';

  @Field(() => String, { nullable: true, description: 'Why verification failed.' })
  @Property({ type: 'text', nullable: true })
  statusReason?: string | null = null;

  @Field(() => String, { description: 'External id the deployed IaC template trusts (shown in the template parameters).' })
  @Property({ type: 'string', length: 64 })
  externalId!: string;

  @Field(() => Date, { nullable: true, description: 'When it was last verified.' })
  @Property({ type: 'datetime', nullable: true })
  verifiedAt?: Date | null = null;
}

/** A managed network (VPC and subnets) provisioned through a connection; provisioned clusters live in one. */
@ObjectType({ description: 'A managed cloud network (VPC and subnets) provisioned through a connection.' })
@Entity({ tableName: 'cloud_networks' })
@Index({ properties: ['tenantId', 'connectionId', 'createdAt', 'id'] })
export class CloudNetwork extends ArchivableEntity {
  @Field(() => String, { description: 'Name.' })
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => ID, { description: 'The connection it is provisioned through.' })
  @Property({ type: 'string', length: 36 })
  connectionId!: string;

  @Field(() => String, { description: 'Cloud region.' })
  @Property({ type: 'string', length: 64 })
  region!: string;

  @Field(() => String, { description: 'CIDR block of the VPC.' })
  @Property({ type: 'string', length: 64 })
  cidrBlock!: string;

  @Field(() => [String], { description: 'Subnet CIDRs.' })
  @Property({ type: 'json' })
  subnets: Opt<string[]> = [];

  @Field(() => String, { description: 'Status: pending, provisioning, active, destroying, destroyed or failed.' })
  @Property({ type: 'string', length: 16 })
  status: Opt<string> = 'pending';

  @Field(() => String, { nullable: true, description: 'Why it failed.' })
  @Property({ type: 'text', nullable: true })
  statusReason?: string | null = null;

  @Field(() => String, { nullable: true, description: 'The phase of the running lifecycle action, if any.' })
  @Property({ type: 'string', length: 32, nullable: true })
  phase?: string | null = null;

  @Field(() => [PhaseProgress], { description: 'Phases of the running (or last) lifecycle action and their progress.' })
  @Property({ type: 'json' })
  phases: Opt<PhaseProgress[]> = [];

  @Field(() => ID, { nullable: true, description: 'The async operation of the latest lifecycle action.' })
  @Property({ type: 'string', length: 36, nullable: true })
  operationId?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When its infrastructure was destroyed.' })
  @Property({ type: 'datetime', nullable: true })
  destroyedAt?: Date | null = null;
}

/** One sample of the local host's load, taken periodically; the local driver's clusters report these as their metrics. Not tenant data. */
@Entity({ tableName: 'host_metric_samples' })
export class HostMetricSample {
  @PrimaryKey({ type: 'string', length: 36 })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'datetime' })
  sampledAt!: Date;

  /** CPU busy share since the previous sample, 0..100. */
  @Property({ type: 'double' })
  cpuPercent!: number;

  /** Memory in use, 0..100. */
  @Property({ type: 'double' })
  memoryPercent!: number;

  /** One-minute load average. */
  @Property({ type: 'double' })
  load1!: number;

  @Property({ type: 'double' })
  memoryUsedBytes!: number;

  @Property({ type: 'double' })
  memoryTotalBytes!: number;
}

/** A point of a cluster's metrics series. */
@ObjectType({ description: 'CPU and memory use at one time.' })
export class ClusterMetricPoint {
  @Field(() => Date, { description: 'When it was sampled.' })
  timestamp!: Date;
  @Field(() => Float, { description: 'CPU use, percent.' })
  cpuPercent!: number;
  @Field(() => Float, { description: 'Memory use, percent.' })
  memoryPercent!: number;
  @Field(() => Float, { description: 'One-minute load average.' })
  load1!: number;
}

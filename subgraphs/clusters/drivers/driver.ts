import type { EntityManager } from '@mikro-orm/core';
import type { ClusterMetricPoint, NodeGroup } from '../entities';

/** What a lifecycle action works on. */
export type InfraKind = 'cluster' | 'network';
/** Long actions a driver performs. */
export type InfraAction = 'provision' | 'update' | 'destroy';

/** One phase of an action and how many steps it has (progress is persisted per step). */
export interface PhasePlan {
  phase: string;
  steps: number;
}

/** The record a step works on, as the driver needs it. */
export interface InfraTarget {
  kind: InfraKind;
  id: string;
  tenantId: string;
  name: string;
  region?: string | null;
  kubernetesVersion?: string | null;
  nodeGroups?: NodeGroup[];
}

/** Health of a cluster and each of its node groups, as the driver sees them now. */
export interface ClusterHealthReport {
  status: 'healthy' | 'degraded' | 'unavailable';
  message: string;
  nodeGroups: { name: string; status: 'healthy' | 'degraded' | 'unavailable'; readyNodes: number; desiredNodes: number }[];
}

/**
 * Where clusters and networks really get built. Lifecycle code (lifecycle.ts) runs the phases a
 * driver plans, one step at a time, persisting progress after each step, so a driver's steps must
 * be safe to run again after a restart. A cloud driver implements the same interface; resolvers
 * and the lifecycle do not change.
 */
export interface InfraDriver {
  /** Stored on each cluster it provisions. */
  readonly name: string;
  /** The phases of an action, in order. */
  plan(kind: InfraKind, action: InfraAction): PhasePlan[];
  /** Performs one step of a phase; throws DriverFailure to fail the action with a reason. Stops when `signal` aborts. */
  runStep(target: InfraTarget, action: InfraAction, phase: string, step: number, signal: AbortSignal): Promise<void>;
  /** The API server endpoint of a provisioned cluster. */
  endpointOf(target: InfraTarget): string;
  health(target: InfraTarget, status: string): Promise<ClusterHealthReport>;
  kubeconfig(target: InfraTarget, endpoint: string): string;
  /** CPU/memory series of a cluster since `since`. */
  metrics(em: EntityManager, target: InfraTarget, since: Date): Promise<ClusterMetricPoint[]>;
}

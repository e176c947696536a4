import { cpus, freemem, loadavg, totalmem } from 'node:os';
import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../../../src/config';
import type { Identity } from '../../../src/auth/identity';
import type { PeriodicTask } from '../../../src/queue/runner';
import { AppError } from '../../../src/errors';
import { HostMetricSample, type ClusterMetricPoint } from '../entities';
import type { ClusterHealthReport, InfraAction, InfraDriver, InfraKind, InfraTarget, PhasePlan } from './driver';

/** A failure the driver reports (an AppError: the runner does not retry it; the action ends failed with this reason). */
export class DriverFailure extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

const PLANS: Record<InfraKind, Record<InfraAction, PhasePlan[]>> = {
  cluster: {
    provision: [{ phase: 'validating', steps: 1 }, { phase: 'control_plane', steps: 2 }, { phase: 'node_groups', steps: 2 }, { phase: 'addons', steps: 1 }],
    update: [{ phase: 'control_plane_upgrade', steps: 1 }, { phase: 'node_groups_rollout', steps: 2 }],
    destroy: [{ phase: 'draining', steps: 1 }, { phase: 'node_groups_teardown', steps: 1 }, { phase: 'control_plane_teardown', steps: 1 }],
  },
  network: {
    provision: [{ phase: 'vpc', steps: 1 }, { phase: 'subnets', steps: 1 }],
    update: [],
    destroy: [{ phase: 'subnets_teardown', steps: 1 }, { phase: 'vpc_teardown', steps: 1 }],
  },
};

/** `phase` or `phase:reason` from CLUSTER_FAIL_AT. */
function parseFailAt(spec: string | undefined): { phase: string; reason: string } | undefined {
  if (!spec) return undefined;
  const [phase, ...rest] = spec.split(':');
  return { phase: phase.trim(), reason: rest.join(':').trim() || `injected failure at ${phase.trim()}` };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

let lastCpu = cpus().map((c) => c.times);

/** CPU busy share of the host since the previous call, 0..100. */
function cpuPercentSinceLast(): number {
  const now = cpus().map((c) => c.times);
  let busy = 0;
  let total = 0;
  now.forEach((t, i) => {
    const p = lastCpu[i] ?? { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 };
    const d = { user: t.user - p.user, nice: t.nice - p.nice, sys: t.sys - p.sys, idle: t.idle - p.idle, irq: t.irq - p.irq };
    busy += d.user + d.nice + d.sys + d.irq;
    total += d.user + d.nice + d.sys + d.irq + d.idle;
  });
  lastCpu = now;
  return total > 0 ? Math.round((busy / total) * 10_000) / 100 : 0;
}

/** Takes one sample of the host and stores it. */
export async function sampleHost(em: EntityManager): Promise<void> {
  const total = totalmem();
  const used = total - freemem();
  em.create(HostMetricSample, {
    sampledAt: new Date(), cpuPercent: cpuPercentSinceLast(), memoryPercent: Math.round((used / total) * 10_000) / 100, load1: loadavg()[0], memoryUsedBytes: used, memoryTotalBytes: total,
  });
  await em.flush();
}

/** Samples older than the longest metrics period are dropped. */
const KEEP_SAMPLES_MS = 7 * 24 * 3600 * 1000;

let lastSampleAt = 0;

/**
 * Samples the host every HOST_METRICS_EVERY_MS (checked each second, since the interval is config
 * and periodic tasks are declared before config is read), and drops samples older than 7 days.
 */
export const hostMetricsSampler: PeriodicTask = {
  name: 'host-metrics',
  everyMs: 1000,
  async run(em, contextFor) {
    const { config } = contextFor({ tenantId: '', userId: '', roles: [] } as unknown as Identity);
    if (Date.now() - lastSampleAt < config.hostMetricsEveryMs) return;
    lastSampleAt = Date.now();
    await sampleHost(em);
    await em.nativeDelete(HostMetricSample, { sampledAt: { $lt: new Date(Date.now() - KEEP_SAMPLES_MS) } });
  },
};

/**
 * The default driver: runs each phase for real in this process as timed steps (CLUSTER_STEP_MS),
 * fails where CLUSTER_FAIL_AT says, and reports the local host as every cluster's machine: its
 * CPU, memory and load, sampled every HOST_METRICS_EVERY_MS and stored, so metric windows hold
 * real samples (see hostMetricsSampler).
 */
export function localDriver(config: Config): InfraDriver {
  const failAt = parseFailAt(config.clusterFailAt);
  return {
    name: 'local',
    plan: (kind, action) => PLANS[kind][action],
    async runStep(_target, _action, phase, _step, signal) {
      await sleep(config.clusterStepMs, signal);
      if (failAt && failAt.phase === phase) throw new DriverFailure(failAt.reason);
    },
    endpointOf: (target: InfraTarget) => `https://${target.id.slice(0, 8)}.${target.region ?? 'local'}.clusters.localhost:6443`,
    async health(target, status): Promise<ClusterHealthReport> {
      const up = status === 'active' || status === 'updating';
      const load = loadavg()[0] / Math.max(1, cpus().length);
      const groupStatus = !up ? 'unavailable' : status === 'updating' || load > 2 ? 'degraded' : 'healthy';
      return {
        status: groupStatus,
        message: !up ? `Cluster is ${status}` : groupStatus === 'degraded' ? (status === 'updating' ? 'Node groups are rolling out' : `Host load ${load.toFixed(2)} per CPU`) : 'All node groups ready',
        nodeGroups: (target.nodeGroups ?? []).map((g) => ({ name: g.name, status: groupStatus, readyNodes: up ? g.desiredSize : 0, desiredNodes: g.desiredSize })),
      };
    },
    kubeconfig(target, endpoint) {
      const name = target.name.replace(/[^a-zA-Z0-9_.-]/g, '-');
      return [
        'apiVersion: v1', 'kind: Config', `current-context: ${name}`,
        'clusters:', `- name: ${name}`, '  cluster:', `    server: ${endpoint}`, '    insecure-skip-tls-verify: true',
        'contexts:', `- name: ${name}`, '  context:', `    cluster: ${name}`, `    user: ${name}-admin`,
        'users:', `- name: ${name}-admin`, '  user:', `    token: local-${target.id}`, '',
      ].join('\n');
    },
    async metrics(em, _target, since): Promise<ClusterMetricPoint[]> {
      const samples = await em.find(HostMetricSample, { sampledAt: { $gte: since } }, { orderBy: { sampledAt: 'asc' }, limit: 2000 });
      return samples.map((s) => ({ timestamp: s.sampledAt, cpuPercent: s.cpuPercent, memoryPercent: s.memoryPercent, load1: s.load1 }));
    },
  };
}

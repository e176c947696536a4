import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { subgraphs } from '../../subgraphs';

const ROOT = join(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService>; volumes?: Record<string, unknown> };
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

/** Every `env.NAME` the service reads (src/config.ts, and OTEL_* read by tracing and the SDK). */
function variablesTheServiceReads(): Set<string> {
  const names = new Set<string>();
  const sources = [join(ROOT, 'src', 'config.ts'), join(ROOT, 'src', 'observability', 'tracing.ts')];
  for (const file of sources) for (const match of readFileSync(file, 'utf8').matchAll(/env\.([A-Z][A-Z0-9_]+)/g)) names.add(match[1]);
  return names;
}

/** Whether a Docker daemon answers here (the client alone cannot build). */
function dockerAvailable(): boolean {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 });
  return info.status === 0 && Boolean(info.stdout.trim());
}

describe('the deployment files (Dockerfile, compose.yaml)', () => {
  const services = compose.services;

  it('run every subgraph of subgraphs/index.ts as its own service, and the gateway in front of all of them', () => {
    for (const module of subgraphs) {
      expect(services[module.name], `service for subgraph ${module.name}`).toBeDefined();
      expect(services[module.name].command).toEqual(['subgraph', module.name]);
    }
    expect(services.gateway.command).toEqual(['gateway']);
    expect(Object.keys(services).sort()).toEqual(['gateway', 'postgres', 'redis', ...subgraphs.map((m) => m.name)].sort());
    expect(services.postgres.image).toMatch(/^postgres:/);
    expect(services.redis.image).toMatch(/^redis:/);
  });

  it('use only environment variables the service reads, with PostgreSQL, Redis and one shared DATA_DIR', () => {
    const known = variablesTheServiceReads();
    for (const [name, service] of Object.entries(services)) {
      if (name === 'postgres' || name === 'redis') continue;
      const env = service.environment ?? {};
      for (const variable of Object.keys(env)) expect(known.has(variable) || variable.startsWith('OTEL_'), `${name}: ${variable} is not read by src/config.ts`).toBe(true);
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env.DATA_DIR).toBe('/data');
      expect(service.build).toBe('.');
    }
    const db = services.postgres.environment!;
    expect(services.tenants.environment!.DATABASE_URL).toBe(`postgres://${db.POSTGRES_USER}:${db.POSTGRES_PASSWORD}@postgres:5432/${db.POSTGRES_DB}`);
  });

  it('give each subgraph its own port, which is where the gateway\'s SUBGRAPH_URLS points', () => {
    const ports = subgraphs.map((m) => Number(services[m.name].environment!.PORT));
    expect(new Set(ports).size).toBe(subgraphs.length);
    const urls = Object.fromEntries(services.gateway.environment!.SUBGRAPH_URLS.split(',').map((pair) => pair.split('=') as [string, string]));
    expect(Object.keys(urls).sort()).toEqual(subgraphs.map((m) => m.name).sort());
    subgraphs.forEach((m, i) => expect(urls[m.name]).toBe(`http://${m.name}:${ports[i]}/graphql`));
    const gatewayPort = services.gateway.environment!.PORT;
    expect(services.gateway.ports).toEqual([`\${GATEWAY_PORT:-4000}:${gatewayPort}`]);
    expect(ports).not.toContain(Number(gatewayPort));
    // Only the gateway is published; the subgraphs are reached on the compose network.
    for (const m of subgraphs) expect(services[m.name].ports).toBeUndefined();
  });

  it('bootstrap once: the first subgraph on a ready database, the others after it, the gateway after all', () => {
    const [first, ...rest] = subgraphs;
    expect(services[first.name].environment!.BOOTSTRAP).toBe('true');
    expect(services[first.name].depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    for (const m of rest) {
      expect(services[m.name].environment!.BOOTSTRAP).toBe('false');
      expect(services[m.name].depends_on).toEqual({ [first.name]: { condition: 'service_healthy' } });
    }
    expect(Object.keys(services.gateway.depends_on ?? {}).sort()).toEqual(subgraphs.map((m) => m.name).sort());
  });

  it('build a multi-stage node:20 image with npm ci that runs as a non-root user', () => {
    const stages = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const image of stages) expect(image).toMatch(/^node:20\b/);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/^USER (?!root|0\b)\S+/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "dist\/main\.js"\]/m);
    // What the build copies in exists, and what the runtime reads (schema/) is copied on.
    for (const [, from] of dockerfile.matchAll(/^COPY (?!--from)(\S+)/gm)) expect(readdirSync(ROOT)).toContain(from.replace(/\/$/, ''));
    expect(dockerfile).toMatch(/COPY --from=build \/app\/schema/);
  });

  // Building needs a Docker daemon: CI machines without one run the checks above only.
  it.skipIf(!dockerAvailable())('builds the image (skipped: no Docker daemon answers `docker info` on this machine)', { timeout: 900_000 }, () => {
    execFileSync('docker', ['build', '--tag', 'dataplane-graphql:test', ROOT], { stdio: 'inherit', timeout: 900_000 });
    const user = execFileSync('docker', ['run', '--rm', '--entrypoint', 'id', 'dataplane-graphql:test', '-u'], { encoding: 'utf8' }).trim();
    expect(user).not.toBe('0');
    const usage = spawnSync('docker', ['run', '--rm', 'dataplane-graphql:test', 'no-such-command'], { encoding: 'utf8' });
    expect(usage.stderr).toContain('subgraph NAME');
  });
});

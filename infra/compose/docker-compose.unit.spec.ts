import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commonConfigShape, loadConfig, servicePorts } from '@market/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { JEMALLOC_CONF } from '../launcher/src/allocator.js';
import { bundlePath } from '../launcher/src/build-bundles.js';

/** Static checks of the production profile: Docker is not available here to run it. */
const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string | number | boolean>;
  depends_on?: string[] | Record<string, { condition: string }>;
  ports?: string[];
  volumes?: string[];
  command?: string[];
}
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const names = Object.keys(services);
const built = Object.entries(services).filter(([, s]) => s.build);
const nginx = read('infra/compose/nginx.conf');

const appServices = {
  ingest: 'services/ingest/src/main.ts',
  verify: 'services/verify/src/main.ts',
  storage: 'services/storage/src/main.ts',
  'registry-projection': 'services/registry-projection/src/main.ts',
  'search-indexer': 'services/search-indexer/src/main.ts',
  relay: 'libs/relay/src/main.ts',
} as const;

const envOf = (service: ComposeService) =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));

describe('docker-compose.yml', () => {
  it('has the infrastructure of the production profile', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'kurrentdb',
        'nats-1',
        'nats-2',
        'nats-3',
        'minio',
        'elasticsearch',
        'otel-collector',
        'prometheus',
        'grafana',
        'jaeger',
        'proxy',
      ]),
    );
  });

  it('gives every service an image or a build', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(Boolean(service.image) !== Boolean(service.build), `${name}: exactly one of image/build`).toBe(true);
    }
  });

  it('builds the relay and the five services from the one Dockerfile, each with an entry that exists', () => {
    expect(Object.fromEntries(built.map(([name, s]) => [name, s.build?.args?.ENTRY]))).toEqual(appServices);
    for (const [name, service] of built) {
      expect(service.build, name).toMatchObject({ context: '.', dockerfile: 'infra/compose/Dockerfile' });
      expect(
        existsSync(resolve(root, service.build!.args!.ENTRY!)),
        `${name}: ${service.build!.args!.ENTRY} exists`,
      ).toBe(true);
    }
    const dockerfile = read('infra/compose/Dockerfile');
    // The image runs what the launcher runs: the bundles (ADR 0013) on jemalloc (ADR 0014).
    expect(dockerfile).toContain('RUN node --import tsx infra/build/main.ts');
    expect(dockerfile).toContain('libjemalloc2');
    expect(dockerfile).toContain(`MALLOC_CONF=${JEMALLOC_CONF}`);
    for (const [, service] of built) {
      const entry = service.build!.args!.ENTRY!;
      // The CMD's sed, applied in JS: it must name the file build-bundles writes for that entry.
      const cmdTarget = `dist/${entry.replace('/src/', '/').replace(/[.]ts$/, '.js')}`;
      expect(resolve(root, cmdTarget)).toBe(bundlePath(resolve(root, 'dist'), entry));
    }
  });

  it('configures every built service with production adapters that @market/config accepts', () => {
    for (const [name, service] of built) {
      const env = envOf(service);
      const config = loadConfig(commonConfigShape, { env, exit: false });
      expect(config.MARKET_EVENT_STORE_URL, name).toMatch(/^esdb:\/\/kurrentdb:2113/);
      expect(config.MARKET_BLOB_STORE_URL, name).toMatch(/^s3:\/\/[^@]+@minio:9000\/\w+/);
      expect(names, `${name}: NATS_URL host`).toContain(new URL(config.NATS_URL).hostname);
      expect(config.MARKET_HOST, name).toBe('0.0.0.0');
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT, name).toMatch(/^http:\/\/otel-collector:4318$/);
    }
  });

  it('uses the MinIO credentials the blob store URL carries', () => {
    const minio = envOf(services.minio!);
    const blobUrl = new URL(envOf(services.ingest!).MARKET_BLOB_STORE_URL!.replace(/^s3:/, 'http:'));
    expect([blobUrl.username, blobUrl.password]).toEqual([minio.MINIO_ROOT_USER, minio.MINIO_ROOT_PASSWORD]);
  });

  it('sets each service port to its default, and search to Elasticsearch', () => {
    const ports: Record<string, [string, number]> = {
      ingest: [servicePorts.ingest.variable, servicePorts.ingest.defaultPort],
      verify: [servicePorts.verify.variable, servicePorts.verify.defaultPort],
      storage: [servicePorts.storage.variable, servicePorts.storage.defaultPort],
      'registry-projection': [
        servicePorts['registry-projection'].variable,
        servicePorts['registry-projection'].defaultPort,
      ],
      'search-indexer': [servicePorts['search-indexer'].variable, servicePorts['search-indexer'].defaultPort],
    };
    for (const [name, [variable, port]] of Object.entries(ports))
      expect(envOf(services[name]!)[variable], name).toBe(String(port));
    expect(envOf(services['search-indexer']!).MARKET_SEARCH_URL).toBe('http://elasticsearch:9200');
  });

  it('depends only on services that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      const deps = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect(names, `${name} depends on ${dep}`).toContain(dep);
    }
  });

  it('publishes each host port once', () => {
    const hostPorts = Object.values(services).flatMap((s) => (s.ports ?? []).map((p) => p.split(':').at(-2)));
    expect(hostPorts.length).toBeGreaterThan(0);
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('declares every named volume and mounts only files that exist', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('.') || source.startsWith('/'))
          expect(existsSync(resolve(root, source)), `${name}: ${source}`).toBe(true);
        else expect(Object.keys(compose.volumes), `${name}: volume ${source}`).toContain(source);
      }
    }
  });

  it('clusters three NATS nodes with JetStream, each routing to the others', () => {
    for (const node of ['nats-1', 'nats-2', 'nats-3']) {
      const conf = read(`infra/compose/nats/${node}.conf`);
      expect(conf).toContain(`server_name: ${node}`);
      expect(conf).toMatch(/jetstream\s*\{/);
      const routes = [...conf.matchAll(/nats-route:\/\/([\w-]+):6222/g)].map((m) => m[1]);
      expect(routes.sort()).toEqual(['nats-1', 'nats-2', 'nats-3']);
    }
  });
});

describe('infra/compose/nginx.conf', () => {
  const upstreams = Object.fromEntries(
    [...nginx.matchAll(/upstream\s+([\w-]+)\s*\{\s*server\s+([\w-]+):(\d+);/g)].map((m) => [
      m[1]!,
      { host: m[2]!, port: m[3]! },
    ]),
  );

  it('names existing services on the ports they listen on', () => {
    expect(Object.keys(upstreams).length).toBeGreaterThan(0);
    for (const [upstream, { host, port }] of Object.entries(upstreams)) {
      expect(names, upstream).toContain(host);
      expect(Object.values(envOf(services[host!]!)), `${host} listens on ${port}`).toContain(port);
    }
  });

  it('proxies only to declared upstreams', () => {
    const targets = [...nginx.matchAll(/proxy_pass\s+http:\/\/([\w$-]+)\s*;/g)].map((m) => m[1]!);
    const mapped = [...nginx.matchAll(/map\s+\$request_method\s+\$(\w+)\s*\{([^}]*)\}/g)];
    const viaMaps = Object.fromEntries(
      mapped.map((m) => [`$${m[1]}`, [...m[2]!.matchAll(/\s([\w-]+);/g)].map((v) => v[1]!)]),
    );
    for (const target of targets) {
      for (const upstream of target.startsWith('$') ? (viaMaps[target] ?? [`undefined ${target}`]) : [target]) {
        expect(Object.keys(upstreams), target).toContain(upstream);
      }
    }
  });

  it('routes each path family of docs/http-api.md to its owner', () => {
    const location = (path: string) =>
      new RegExp(`location\\s+(=\\s+)?${path.replace(/\//g, '\\/')}\\s*\\{([^}]*)\\}`).exec(nginx)?.[2];
    expect(location('/v1/submissions/')).toContain('http://ingest');
    expect(location('/v1/resolve')).toContain('http://registry-projection');
    expect(location('/v1/audit/')).toContain('http://registry-projection');
    expect(location('/v1/blobs/')).toContain('http://storage');
    expect(location('/v1/search')).toContain('http://search-indexer');
    expect(location('/v1/packages')).toContain('$packages_upstream');
    expect(nginx).toMatch(/map \$request_method \$packages_upstream \{\s*default ingest;\s*GET registry-projection;/);
    expect(nginx).toMatch(/map \$request_method \$keys_upstream \{\s*default ingest;\s*GET registry-projection;/);
  });
});

describe('observability wiring', () => {
  it('scrapes the five services and the relay by compose name', () => {
    const prometheus = parse(read('infra/compose/prometheus.yml')) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    for (const target of targets) expect(names, target).toContain(target.split(':')[0]);
    expect(targets).toEqual(
      expect.arrayContaining([
        'ingest:7101',
        'verify:7102',
        'storage:7103',
        'registry-projection:7104',
        'search-indexer:7105',
      ]),
    );
    // The relay's target is the port it serves /metrics on.
    const relayTarget = targets.find((t) => t.startsWith('relay:'));
    expect(relayTarget).toBe(`relay:${envOf(services.relay!).RELAY_PORT}`);
  });

  it('sends traces from the collector to Jaeger', () => {
    const collector = parse(read('infra/compose/otel-collector.yaml')) as {
      exporters: Record<string, { endpoint: string }>;
    };
    const endpoints = Object.values(collector.exporters).map((e) => e.endpoint.split(':')[0]);
    for (const host of endpoints) expect(names).toContain(host);
  });
});

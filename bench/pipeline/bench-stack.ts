import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKey } from '@market/pack';
import { freePort, tempDir, type TempDir } from '@market/testing';
import { startMarketplace, type RunningMarketplace } from '../../test/e2e/support/marketplace.js';
import { HttpClient } from './http-client.js';
import { killLeftovers } from './leftovers.js';
import type { PublisherKey } from './publisher.js';

export const SERVICES = ['ingest', 'verify', 'storage', 'registry-projection', 'search-indexer'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The namespace every benchmark pack is published in. */
export const BENCH_NAMESPACE = 'bench';

export const STACK_PROCESSES = [...SERVICES, 'relay', 'nats-server', 'router'] as const;
export type StackProcess = (typeof STACK_PROCESSES)[number];

export interface BenchStack {
  url: string;
  dataDir: string;
  /** A scratch directory for pack sources (removed with the stack). */
  scratch: string;
  client: HttpClient;
  key: PublisherKey;
  /** A pid from <dataDir>/launcher.json: a service, `relay`, `nats-server` or the launcher's `router`. */
  pidOf(process: StackProcess): number;
  /** A service's own port (behind the router), for diagnostics that bypass the router. */
  portOf(service: ServiceName): number;
  /** The last lines of every process log, for a failure report. */
  logTails(lines?: number): string;
  stop(): Promise<void>;
}

/** The real stack (launcher: nats-server, relay, five services, router) on a fresh data dir, with a publisher key. */
export const startBenchStack = async (): Promise<BenchStack> => {
  const dir: TempDir = tempDir('bench-pipeline');
  const dataDir = join(dir.path, 'data');
  let market: RunningMarketplace | undefined;
  try {
    market = await startMarketplace({ dataDir, port: await freePort() });
    const client = new HttpClient(market.url, 64);
    const signing = generateSigningKey();
    const registered = await client.postJson<{ keyId: string }>('/v1/keys', {
      publicKey: signing.publicKey,
      namespaces: [BENCH_NAMESPACE],
      owner: 'bench',
    });
    if (registered.status !== 201)
      throw new Error(`POST /v1/keys answered ${registered.status}: ${JSON.stringify(registered.json)}`);
    const running = market;
    return {
      url: running.url,
      dataDir,
      scratch: dir.path,
      client,
      key: { ...signing, keyId: registered.json.keyId },
      pidOf: (name) => {
        const pid = running.state().pids[name];
        if (!pid) throw new Error(`launcher.json has no pid for ${name}`);
        return pid;
      },
      portOf: (service) => {
        const port = running.state().ports[service];
        if (!port) throw new Error(`launcher.json has no port for ${service}`);
        return port;
      },
      logTails: (lines) => logTails(dataDir, lines),
      stop: async () => {
        client.close();
        await running.stop();
        killLeftovers(dataDir);
        dir.remove();
      },
    };
  } catch (error) {
    await market?.stop();
    const killed = killLeftovers(dataDir);
    if (killed.length > 0)
      process.stderr.write(
        `[pipeline] killed ${killed.length} processes the launcher left behind: ${killed.join(' ')}\n`,
      );
    const logs = logTails(dataDir);
    dir.remove();
    throw new Error(`the stack did not start: ${error instanceof Error ? error.message : String(error)}\n${logs}`, {
      cause: error,
    });
  }
};

/** The last lines of every process log under <dataDir>/logs, to say which part failed to start. */
const logTails = (dataDir: string, lines = 6): string => {
  const dir = join(dataDir, 'logs');
  if (!existsSync(dir)) return '(no logs)';
  return readdirSync(dir)
    .map(
      (f) =>
        `--- ${f}\n${readFileSync(join(dir, f), 'utf8')
          .trimEnd()
          .split('\n')
          .slice(-lines)
          .map((l) => l.slice(0, 400))
          .join('\n')}`,
    )
    .join('\n');
};

import { Module, type Type, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { acceptHandedConnections } from '@market/connection-handoff';
import { type Logger, createLogger, ensureDefaultMetrics, initTracing } from '@market/observability';
import { ProblemExceptionFilter } from '../problem/problem-exception.filter.js';
import { instrumentHttp } from './http-metrics.js';
import { collectGarbage, eventLoopActivity, heapGrowth, IdleReclaimer } from './idle-reclaimer.js';
import { NestLogger } from './nest-logger.js';
import { ServiceInfraModule } from './service-infra.module.js';
import { SignalShutdown } from './signal-shutdown.js';
import { TraceInterceptor } from './trace.interceptor.js';

export interface BootstrapOptions {
  /** Service name: in logs, traces and GET /v1/health. */
  name: string;
  /** The service's root module (its controllers and providers). */
  module: Type<unknown> | DynamicModule;
  /** 0 picks a free port (read it back with `await app.getUrl()`). */
  port: number;
  /** Default: MARKET_HOST (see @market/config), else 127.0.0.1. */
  host?: string;
  /** Largest request body Fastify parses, in bytes (default 1 MiB); larger ones get 413. */
  bodyLimit?: number;
  logger?: Logger;
  /** Runs before the app starts listening, e.g. to add a content-type parser. */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
  /**
   * Runs when the process goes quiet after work, just before the full collection that gives the
   * burst's garbage back to the OS (see IdleReclaimer), e.g. to release SQLite's page cache.
   */
  onIdle?: () => void;
}

/**
 * Quiet time before a service gives memory back. Not 1 s: measured, a collection in every pause of
 * a second made publish bursts 30-40% slower (the shrunk heaps had to grow again each burst);
 * at 5 s the burst throughput is unchanged (MARKET_BENCH_PHASES=publish npm run bench -- pipeline).
 */
const IDLE_RECLAIM_MS = 5_000;

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Collects, and says in the log what it gave back (one line per quiet period after work). */
const logReclaim = async (logger: Logger): Promise<void> => {
  const before = process.memoryUsage();
  const started = performance.now();
  const collections = await collectGarbage();
  const after = process.memoryUsage();
  logger.info('idle: memory given back', {
    collections,
    ms: Math.round(performance.now() - started),
    heapCommittedMb: `${mb(before.heapTotal)} -> ${mb(after.heapTotal)}`,
    rssMb: `${mb(before.rss)} -> ${mb(after.rss)}`,
  });
};

/**
 * Starts a service the same way everywhere: Nest on Fastify, problem+json errors,
 * GET /v1/health, GET /metrics, request timing, a span per request (parent: the `traceparent`
 * header), a clean close on SIGTERM/SIGINT, and memory given back after 5 s of quiet.
 */
export const bootstrapService = async (options: BootstrapOptions): Promise<NestFastifyApplication> => {
  const { name, module, port, host = process.env.MARKET_HOST || '127.0.0.1', bodyLimit } = options;
  const logger = options.logger ?? createLogger(name);
  initTracing(name);
  ensureDefaultMetrics();

  @Module({ imports: [module, ServiceInfraModule.forService(name)] })
  class ServiceRootModule {}

  const adapter = new FastifyAdapter(bodyLimit === undefined ? {} : { bodyLimit });
  const app = await NestFactory.create<NestFastifyApplication>(ServiceRootModule, adapter, {
    logger: new NestLogger(logger),
    // Nest's default is process.abort() on a wiring error: throw, so main() can report it.
    abortOnError: false,
  });
  try {
    app.useGlobalFilters(new ProblemExceptionFilter(logger));
    app.useGlobalInterceptors(new TraceInterceptor());
    instrumentHttp(app.getHttpAdapter().getInstance(), logger);
    app.get(SignalShutdown).attach(app, logger);
    await options.configure?.(app);
    const [loop, heap] = [eventLoopActivity(), heapGrowth()];
    const reclaimer = new IdleReclaimer(
      () => `${loop()}:${heap()}`,
      options.onIdle,
      IDLE_RECLAIM_MS,
      () => logReclaim(logger),
    );
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onClose', async () => reclaimer.stop());
    await app.listen(port, host);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  // Under the launcher: blob downloads arrive as connections the dev router hands over.
  acceptHandedConnections(app.getHttpServer());
  logger.info('listening', { url: await app.getUrl() });
  return app;
};

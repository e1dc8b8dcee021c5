import { type INestApplication, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@market/observability';
import { releaseStartupSignals } from './startup-signals.js';

const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * SIGTERM/SIGINT → app.close() (which runs every module's shutdown hooks: consumers stop,
 * stores close) → exit 0; exit 1 if closing fails or hangs. Unsubscribes when the app is
 * closed some other way, so tests can start and stop many apps in one process.
 */
@Injectable()
export class SignalShutdown implements OnApplicationShutdown {
  private detach = () => {};

  attach(app: INestApplication, logger: Logger): void {
    let closing = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (closing) return;
      closing = true;
      logger.info('shutting down', { signal });
      setTimeout(() => {
        logger.error('shutdown timed out', { timeoutMs: SHUTDOWN_TIMEOUT_MS });
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS).unref();
      app.close().then(
        () => {
          logger.info('stopped', { signal });
          process.exit(0);
        },
        (error: unknown) => {
          logger.error('shutdown failed', { error });
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    releaseStartupSignals();
    this.detach = () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    };
  }

  onApplicationShutdown(): void {
    this.detach();
  }
}

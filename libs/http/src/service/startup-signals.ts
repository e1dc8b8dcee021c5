import { createLogger } from '@market/observability';

let release: (() => void) | undefined;

/**
 * Call first thing in a service's main: until bootstrapService's graceful shutdown takes over,
 * SIGTERM/SIGINT exit at once with status 0 (instead of Node's death by signal). Nothing a service
 * does while starting needs finishing: read models commit with their position, unacked events are
 * redelivered, appends are atomic, so stopping here is what a SIGKILL would be, which the crash
 * tests cover, but reported as a clean stop.
 */
export const exitOnSignalWhileStarting = (service: string): void => {
  if (release) return;
  const onSignal = (signal: NodeJS.Signals) => {
    createLogger(service).info('stopped while starting', { signal });
    process.exit(0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  release = () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    release = undefined;
  };
};

/** The graceful shutdown has its own handlers now (SignalShutdown.attach). */
export const releaseStartupSignals = (): void => release?.();

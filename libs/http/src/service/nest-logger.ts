import type { LoggerService } from '@nestjs/common';
import type { Logger } from '@market/observability';

const text = (message: unknown) => (typeof message === 'string' ? message : JSON.stringify(message));
const contextOf = (params: unknown[]) => (typeof params.at(-1) === 'string' ? { nest: params.at(-1) } : {});

/** Nest's own messages as JSON lines; its chatty bootstrap `log` lines go to debug. */
export class NestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.logger.debug(text(message), contextOf(params));
  }
  error(message: unknown, ...params: unknown[]): void {
    this.logger.error(text(message), {
      ...contextOf(params),
      ...(typeof params[0] === 'string' && params.length > 1 && { stack: params[0] }),
    });
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.logger.warn(text(message), contextOf(params));
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.logger.debug(text(message), contextOf(params));
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.logger.debug(text(message), contextOf(params));
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.logger.error(text(message), contextOf(params));
  }
}

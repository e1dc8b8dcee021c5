import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';

export const VERIFY_SHUTDOWN = Symbol('VERIFY_SHUTDOWN');

/** Stops what runs beside the app (the consumer, the read model) whenever the app closes, signals included. */
@Injectable()
class VerifyShutdown implements OnApplicationShutdown {
  constructor(@Inject(VERIFY_SHUTDOWN) private readonly shutdown: () => Promise<void>) {}

  async onApplicationShutdown(): Promise<void> {
    await this.shutdown();
  }
}

/**
 * Verify serves no routes of its own: bootstrapService adds GET /v1/health and GET /metrics.
 * Its work is the consumer started beside the app (see verify-service.ts).
 */
@Module({})
export class VerifyModule {
  static forRoot(deps: { shutdown: () => Promise<void> }): DynamicModule {
    return {
      module: VerifyModule,
      providers: [{ provide: VERIFY_SHUTDOWN, useValue: deps.shutdown }, VerifyShutdown],
    };
  }
}

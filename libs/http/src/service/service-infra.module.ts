import { type DynamicModule, Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { SERVICE_NAME } from './service-name.js';
import { SignalShutdown } from './signal-shutdown.js';

/** What every service serves besides its own API: /v1/health and /metrics. */
@Module({})
export class ServiceInfraModule {
  static forService(name: string): DynamicModule {
    return {
      module: ServiceInfraModule,
      controllers: [HealthController, MetricsController],
      providers: [{ provide: SERVICE_NAME, useValue: name }, SignalShutdown],
    };
  }
}

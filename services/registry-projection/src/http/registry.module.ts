import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { KeysController } from './keys.controller.js';
import { PackagesController } from './packages.controller.js';
import { REGISTRY_CONTEXT, type RegistryContext } from './registry-context.js';
import { ResolveController } from './resolve.controller.js';

/** Closes what the service opened once Nest has stopped serving (SIGTERM/SIGINT or app.close()). */
@Injectable()
class RegistryShutdown implements OnApplicationShutdown {
  constructor(@Inject(REGISTRY_CONTEXT) private readonly registry: RegistryContext) {}

  async onApplicationShutdown(): Promise<void> {
    await this.registry.onShutdown?.();
  }
}

@Module({})
export class RegistryModule {
  static forRoot(context: RegistryContext): DynamicModule {
    return {
      module: RegistryModule,
      controllers: [PackagesController, ResolveController, KeysController],
      providers: [{ provide: REGISTRY_CONTEXT, useValue: context }, RegistryShutdown],
    };
  }
}

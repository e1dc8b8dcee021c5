import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { SearchBackend } from '../backend/search-backend.js';
import { SearchController } from './search.controller.js';
import { SEARCH_BACKEND, SHUTDOWN } from './tokens.js';

/** Once Nest has stopped serving (SIGTERM/SIGINT or app.close()): stop the projection, close what the service opened. */
@Injectable()
class SearchShutdown implements OnApplicationShutdown {
  constructor(@Inject(SHUTDOWN) private readonly shutdown: () => Promise<void>) {}

  async onApplicationShutdown(): Promise<void> {
    await this.shutdown();
  }
}

@Module({})
export class SearchModule {
  static forRoot(deps: { backend: SearchBackend; onShutdown: () => Promise<void> }): DynamicModule {
    return {
      module: SearchModule,
      controllers: [SearchController],
      providers: [
        { provide: SEARCH_BACKEND, useValue: deps.backend },
        { provide: SHUTDOWN, useValue: deps.onShutdown },
        SearchShutdown,
      ],
    };
  }
}

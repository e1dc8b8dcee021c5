import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { NameSuggester } from '../search/name-suggester.js';
import type { SearchEngine } from '../search/search-engine.js';
import { SearchController } from './search.controller.js';
import { NAME_SUGGESTER, SEARCH_ENGINE, SHUTDOWN } from './tokens.js';

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
  static forRoot(deps: {
    engine: SearchEngine;
    suggester: NameSuggester;
    onShutdown: () => Promise<void>;
  }): DynamicModule {
    return {
      module: SearchModule,
      controllers: [SearchController],
      providers: [
        { provide: SEARCH_ENGINE, useValue: deps.engine },
        { provide: NAME_SUGGESTER, useValue: deps.suggester },
        { provide: SHUTDOWN, useValue: deps.onShutdown },
        SearchShutdown,
      ],
    };
  }
}

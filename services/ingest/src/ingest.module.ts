import { Module, type DynamicModule } from '@nestjs/common';
import { PackageCommandsController } from './commands/package-commands.controller.js';
import { PackageCommandsService } from './commands/package-commands.service.js';
import { KeyDirectory } from './event-store/key-directory.js';
import { NamespaceClaims } from './event-store/namespace-claims.js';
import { INGEST_DEPS, type IngestDeps } from './ingest-deps.js';
import { IngestLifecycle } from './ingest-lifecycle.js';
import { KeysController } from './keys/keys.controller.js';
import { KeysService } from './keys/keys.service.js';
import { PublishService } from './publish/publish.service.js';
import { RawBodyParser } from './publish/raw-body-parser.js';
import { SubmissionsController } from './submissions/submissions.controller.js';

@Module({})
export class IngestModule {
  static forRoot(deps: IngestDeps): DynamicModule {
    return {
      module: IngestModule,
      // POST /v1/packages is a Fastify route (publish.route.ts), registered by startIngestService.
      controllers: [SubmissionsController, KeysController, PackageCommandsController],
      providers: [
        { provide: INGEST_DEPS, useValue: deps },
        { provide: KeyDirectory, useFactory: () => new KeyDirectory(deps.store) },
        { provide: NamespaceClaims, useFactory: () => new NamespaceClaims(deps.store) },
        PublishService,
        PackageCommandsService,
        KeysService,
        RawBodyParser,
        IngestLifecycle,
      ],
    };
  }
}

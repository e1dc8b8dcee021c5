import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ProblemError } from '@market/http';
import { resolvableVersions } from '../read-model/resolvable-versions.js';
import { resolve } from '../resolver/resolve.js';
import { REGISTRY_CONTEXT, type RegistryContext } from './registry-context.js';
import { resolveRequestSchema } from './request-params.js';

@Controller('v1/resolve')
export class ResolveController {
  constructor(@Inject(REGISTRY_CONTEXT) private readonly registry: RegistryContext) {}

  @Post()
  @HttpCode(200)
  resolve(@Body() body: unknown) {
    const { requirements } = resolveRequestSchema.parse(body);
    // One read transaction for all the resolver's queries: SQLite then takes its read lock once.
    const result = this.registry.db.transaction(() => resolve(requirements, resolvableVersions(this.registry.db)))();
    if (!result.ok) {
      throw new ProblemError(422, 'unsatisfiable', result.explanation, { conflicts: result.conflicts });
    }
    const resolved: Record<string, unknown> = {};
    for (const name of [...result.resolved.keys()].sort()) {
      const { version, sha256, blake3, size, keyId, signature, dependencies, yanked } = result.resolved.get(name)!;
      resolved[name] = {
        version,
        sha256,
        blake3,
        size,
        keyId,
        signature,
        dependencies: Object.fromEntries(dependencies),
        yanked,
      };
    }
    return { resolved };
  }
}

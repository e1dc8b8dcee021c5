import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ProblemError } from '@market/http';
import { findKey } from '../read-model/key-queries.js';
import { REGISTRY_CONTEXT, type RegistryContext } from './registry-context.js';
import { keyIdParam } from './request-params.js';

@Controller('v1/keys')
export class KeysController {
  constructor(@Inject(REGISTRY_CONTEXT) private readonly registry: RegistryContext) {}

  @Get(':keyId')
  getKey(@Param('keyId') keyId: string) {
    const id = keyIdParam(keyId);
    const key = findKey(this.registry.db, id);
    if (!key) throw new ProblemError(404, 'not_found', `key ${id} is not registered`);
    return key;
  }
}

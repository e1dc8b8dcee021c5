import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { parseOr400 } from '../validation/parse-or-400.js';
import { KeysService } from './keys.service.js';
import { registerKeyBodySchema } from './register-key-body.js';

@Controller('v1/keys')
export class KeysController {
  constructor(@Inject(KeysService) private readonly keys: KeysService) {}

  /** 201 `{ keyId }`; 409 key_exists; 403 endorsement_required / endorsement_invalid. */
  @Post()
  @HttpCode(201)
  register(@Body() body: unknown) {
    return this.keys.register(parseOr400(registerKeyBodySchema, body, 'body'));
  }
}

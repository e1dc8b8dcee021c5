import { Body, Controller, Delete, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import { parseOr400 } from '../validation/parse-or-400.js';
import { PackageCommandsService } from './package-commands.service.js';
import {
  deprecateBodySchema,
  distTagRemoveBodySchema,
  distTagSetBodySchema,
  pathSchemas,
  unyankBodySchema,
  yankBodySchema,
} from './signed-command-bodies.js';

const nameOf = (ns: string, name: string) => parseOr400(pathSchemas.name, `${ns}/${name}`, 'path');
const versionOf = (version: string) =>
  parseOr400(z.object({ version: pathSchemas.version }), { version }, 'path').version;
const tagOf = (tag: string) => parseOr400(z.object({ tag: pathSchemas.tag }), { tag }, 'path').tag;

/** Signed commands on a published package; the JSON body carries the fields, keyId, signature and issuedAt. */
@Controller('v1/packages/:ns/:name')
export class PackageCommandsController {
  constructor(@Inject(PackageCommandsService) private readonly commands: PackageCommandsService) {}

  @Post('versions/:version/yank')
  @HttpCode(200)
  yank(@Param('ns') ns: string, @Param('name') name: string, @Param('version') version: string, @Body() body: unknown) {
    const { reason, ...signed } = parseOr400(yankBodySchema, body, 'body');
    return this.commands.execute(
      { action: 'yank', name: nameOf(ns, name), version: versionOf(version), reason },
      signed,
    );
  }

  @Post('versions/:version/unyank')
  @HttpCode(200)
  unyank(
    @Param('ns') ns: string,
    @Param('name') name: string,
    @Param('version') version: string,
    @Body() body: unknown,
  ) {
    const { reason, ...signed } = parseOr400(unyankBodySchema, body, 'body');
    return this.commands.execute(
      { action: 'unyank', name: nameOf(ns, name), version: versionOf(version), reason },
      signed,
    );
  }

  @Post('versions/:version/deprecate')
  @HttpCode(200)
  deprecate(
    @Param('ns') ns: string,
    @Param('name') name: string,
    @Param('version') version: string,
    @Body() body: unknown,
  ) {
    const { message, ...signed } = parseOr400(deprecateBodySchema, body, 'body');
    return this.commands.execute(
      { action: 'deprecate', name: nameOf(ns, name), version: versionOf(version), message },
      signed,
    );
  }

  @Put('dist-tags/:tag')
  @HttpCode(200)
  setDistTag(@Param('ns') ns: string, @Param('name') name: string, @Param('tag') tag: string, @Body() body: unknown) {
    const { version, ...signed } = parseOr400(distTagSetBodySchema, body, 'body');
    return this.commands.execute({ action: 'dist-tag-set', name: nameOf(ns, name), tag: tagOf(tag), version }, signed);
  }

  @Delete('dist-tags/:tag')
  @HttpCode(200)
  removeDistTag(
    @Param('ns') ns: string,
    @Param('name') name: string,
    @Param('tag') tag: string,
    @Body() body: unknown,
  ) {
    const signed = parseOr400(distTagRemoveBodySchema, body, 'body');
    return this.commands.execute({ action: 'dist-tag-remove', name: nameOf(ns, name), tag: tagOf(tag) }, signed);
  }
}

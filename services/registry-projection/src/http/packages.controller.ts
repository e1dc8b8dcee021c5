import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ProblemError } from '@market/http';
import { packageHistory } from '../history/package-history.js';
import { findVersion } from '../read-model/package-queries.js';
import { REGISTRY_CONTEXT, type RegistryContext } from './registry-context.js';
import { historyPageParams, packageNameParam, versionParam } from './request-params.js';

const notFound = (what: string) => new ProblemError(404, 'not_found', `${what} is not published`);

@Controller('v1/packages')
export class PackagesController {
  constructor(@Inject(REGISTRY_CONTEXT) private readonly registry: RegistryContext) {}

  // GET :ns/:name is package-document.route.ts (a Fastify route: the hot read skips Nest).

  @Get(':ns/:name/versions/:version')
  getVersion(@Param('ns') ns: string, @Param('name') name: string, @Param('version') version: string) {
    const normalized = packageNameParam(ns, name);
    const v = versionParam(version);
    const view = findVersion(this.registry.db, normalized, v);
    if (!view) throw notFound(`${normalized}@${v}`);
    return view;
  }

  @Get(':ns/:name/history')
  async getHistory(
    @Param('ns') ns: string,
    @Param('name') name: string,
    @Query('from') from: unknown,
    @Query('limit') limit: unknown,
  ) {
    const normalized = packageNameParam(ns, name);
    const page = historyPageParams(from, limit);
    const history = await packageHistory(this.registry.store, normalized, page.from, page.limit);
    if (history.events.length === 0 && page.from === 0n)
      throw new ProblemError(404, 'not_found', `${normalized} has no history`);
    return { name: normalized, ...history };
  }
}

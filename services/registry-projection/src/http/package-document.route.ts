import { ProblemError, sendProblem } from '@market/http';
import type { Logger } from '@market/observability';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { packageAsOf } from '../history/package-as-of.js';
import { findPackageDocument } from '../read-model/package-documents.js';
import { findPackage } from '../read-model/package-queries.js';
import type { RegistryContext } from './registry-context.js';
import { asOfParam, packageNameParam } from './request-params.js';

const JSON_TYPE = 'application/json; charset=utf-8';

type PackageRequest = FastifyRequest<{ Params: { ns: string; name: string }; Querystring: { asOf?: unknown } }>;

/**
 * `GET /v1/packages/:ns/:name[?asOf=]`, the hottest read, as a Fastify route on the Nest app's
 * adapter: no Nest pipeline, no span. The live view is the projection's ready JSON (one point
 * lookup) with a strong ETag, so a revalidation answers 304 without a body. `?asOf=` folds the
 * stream as before. Errors are the same problem+json as every Nest route's.
 */
export const registerPackageDocumentRoute = (
  fastify: FastifyInstance,
  registry: RegistryContext,
  logger: Logger,
): void => {
  fastify.get('/v1/packages/:ns/:name', async (request: PackageRequest, reply: FastifyReply) => {
    try {
      const name = packageNameParam(request.params.ns, request.params.name);
      const when = asOfParam(request.query.asOf);
      if (when) {
        const view = await packageAsOf(registry.store, name, when);
        if (!view) throw notFound(`${name} as of ${when.toISOString()}`);
        return reply.header('content-type', JSON_TYPE).send(JSON.stringify({ ...view, asOf: when.toISOString() }));
      }
      const document = findPackageDocument(registry.db, name);
      if (document) {
        reply.header('etag', document.etag);
        if (matchesEtag(request.headers['if-none-match'], document.etag)) return reply.code(304).send();
        return reply.header('content-type', JSON_TYPE).send(document.body);
      }
      // Not rendered (yet): the query the document replaces.
      const view = findPackage(registry.db, name);
      if (!view) throw notFound(name);
      return reply.header('content-type', JSON_TYPE).send(JSON.stringify(view));
    } catch (error) {
      sendProblem(request, reply, error, logger);
      return reply;
    }
  });
};

const matchesEtag = (header: string | undefined, etag: string): boolean =>
  header !== undefined &&
  (header === etag || header.split(',').some((v) => v.trim().replace(/^W\//, '') === etag || v.trim() === '*'));

const notFound = (what: string) => new ProblemError(404, 'not_found', `${what} is not published`);

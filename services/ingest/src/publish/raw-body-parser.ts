import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** Archive uploads arrive as raw bytes under these media types. */
export const ARCHIVE_MEDIA_TYPES = ['application/gzip', 'application/x-gzip', 'application/octet-stream'] as const;

/**
 * Lets Fastify accept archive uploads without reading them: the parser hands the request's
 * payload stream through untouched, so the publish path streams it to staging in constant memory
 * (Fastify's body limit applies only to buffered parsers; ingest enforces its own limit while streaming).
 */
@Injectable()
export class RawBodyParser implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    for (const type of ARCHIVE_MEDIA_TYPES) {
      if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
      fastify.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
    }
  }
}

import type { OutgoingHttpHeaders } from 'node:http';
import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type Database from 'better-sqlite3';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BlobReader, BlobStore } from '@market/blob-store';
import { blobKeys, isBlobNotFound } from '@market/blob-store';
import { ProblemError } from '@market/http';
import { parseRange } from '../domain/byte-range.js';
import type { DownloadTally } from '../domain/download-tally.js';
import { parsePackageRef } from '../domain/package-ref.js';
import { findBlob } from '../read-model/blob-index.js';
import type { BufferPool } from './buffer-pool.js';
import { sendFromReader } from './send-from-reader.js';
import { BLOB_INDEX_DB, BLOB_STORE, BUFFER_POOL, DOWNLOAD_TALLY } from './tokens.js';

/**
 * Published archives by digest: streamed (constant memory whatever the size), immutable, with
 * a strong ETag (the digest itself), conditional GET and single byte ranges.
 */
@Controller('v1/blobs')
export class BlobsController {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(BLOB_INDEX_DB) private readonly db: Database.Database,
    @Inject(DOWNLOAD_TALLY) private readonly tally: DownloadTally,
    @Inject(BUFFER_POOL) private readonly pool: BufferPool,
  ) {}

  /** Fastify answers HEAD through this route too; a HEAD opens no stream and counts nothing. */
  @Get('sha256/:hex')
  async get(
    @Param('hex') hex: string,
    @Query('package') ref: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.serve(hex, ref, req, reply, req.method !== 'HEAD');
  }

  private async serve(hex: string, ref: string | undefined, req: FastifyRequest, reply: FastifyReply, body: boolean) {
    if (!/^[0-9a-f]{64}$/.test(hex))
      throw new ProblemError(400, 'invalid_digest', 'a blob is addressed by 64 lowercase hex digits of its SHA-256');
    const blob = findBlob(this.db, hex);
    if (!blob) throw blobNotFound(hex);
    const size = Number(blob.size);
    const etag = `"${hex}"`;
    reply
      .header('etag', etag)
      .header('accept-ranges', 'bytes')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('content-type', 'application/gzip');
    if (matchesEtag(req.headers['if-none-match'], etag)) return reply.code(304).send();
    const ifRange = req.headers['if-range'];
    const range = ifRange && ifRange !== etag ? ({ kind: 'whole' } as const) : parseRange(req.headers.range, size);
    if (range.kind === 'unsatisfiable') {
      reply.header('content-range', `bytes */${size}`);
      throw new ProblemError(416, 'range_not_satisfiable', `the archive has ${size} bytes`);
    }
    const pkg = parsePackageRef(ref);
    if (body && pkg && range.kind === 'whole') this.tally.add(pkg.name, pkg.version);
    if (range.kind === 'partial') {
      reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
        .header('content-length', range.end - range.start + 1);
      if (!body) return sendHeadOnly(reply);
      return this.sendBody(hex, size, range.start, range.end, reply);
    }
    reply.code(200).header('content-length', size);
    if (!body) return sendHeadOnly(reply);
    return this.sendBody(hex, size, 0, size - 1, reply);
  }

  /**
   * Bytes start..end (inclusive): from pooled buffers where the store reads at offsets (the
   * filesystem), else the store's stream. Head and status are already set on `reply`.
   */
  private async sendBody(hex: string, size: number, start: number, end: number, reply: FastifyReply) {
    const key = blobKeys.content(hex);
    if (!this.blobs.openReader || size === 0) {
      const whole = start === 0 && end === size - 1;
      return reply.send(await this.blobs.get(key, whole ? undefined : { start, end }));
    }
    const reader = await this.openReader(key, hex, size);
    await sendFromReader(writeHeadRaw(reply), reader, start, end, this.pool);
  }

  private async openReader(key: string, hex: string, size: number): Promise<BlobReader> {
    const reader = await this.blobs.openReader!(key).catch((error: unknown) => {
      throw isBlobNotFound(error) ? blobNotFound(hex) : error;
    });
    if (reader.size !== size) {
      await reader.close();
      throw new ProblemError(
        500,
        'blob_size_mismatch',
        `the archive ${hex} has ${reader.size} bytes, its index says ${size}`,
      );
    }
    return reader;
  }
}

const blobNotFound = (hex: string) => new ProblemError(404, 'blob_not_found', `no published archive has sha256 ${hex}`);

/**
 * Takes the response from Fastify (whose onResponse hooks still run when it finishes) and writes
 * the status and headers set so far on `reply`.
 */
const writeHeadRaw = (reply: FastifyReply) => {
  reply.hijack();
  return reply.raw.writeHead(reply.statusCode, reply.getHeaders() as OutgoingHttpHeaders);
};

/** A HEAD answer with the length a GET would send (Fastify's empty send() would say 0). */
const sendHeadOnly = (reply: FastifyReply) => void writeHeadRaw(reply).end();

const matchesEtag = (header: string | string[] | undefined, etag: string): boolean => {
  if (!header) return false;
  const values = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((v) => v.trim().replace(/^W\//, ''));
  return values.includes(etag) || values.includes('*');
};

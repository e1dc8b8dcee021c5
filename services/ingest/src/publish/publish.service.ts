import type { IncomingMessage } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import { newEvent, streams, uuidv7 } from '@market/contracts';
import { blobKeys } from '@market/blob-store';
import { ProblemError } from '@market/http';
import { SpanKind } from '@opentelemetry/api';
import { currentTraceparent, withSpan } from '@market/observability';
import { verifyStatement, type Digest } from '@market/pack';
import { decideSubmit } from '../domain/decide-submit.js';
import { keyCoversPackage } from '../domain/namespace.js';
import { foldPackage } from '../domain/package-state.js';
import { appendOrContention, decideAndAppend } from '../event-store/decide-and-append.js';
import { KeyDirectory } from '../event-store/key-directory.js';
import { readDecoded } from '../event-store/read-decoded.js';
import { INGEST_DEPS, type IngestDeps } from '../ingest-deps.js';
import { countPublish } from './publish-metrics.js';
import { ARCHIVE_MEDIA_TYPES } from './raw-body-parser.js';
import { stageUpload, UploadAbortedError, UploadTooLargeError } from './stage-upload.js';
import { parseStatementHeaders, type PublishStatement } from './statement-headers.js';

export interface Accepted {
  submissionId: string;
  status: 'pending';
  name: string;
  version: string;
}

/**
 * Publish, cheapest checks first: headers, declared size, key, namespace and signature (none
 * needs the body), a quick look at the package stream, then the upload streamed into staging,
 * the bytes against the statement, and finally the decision appended with an expected revision.
 * Any failure after staging began deletes the staged blob: a refused publish leaves nothing.
 */
@Injectable()
export class PublishService {
  constructor(
    @Inject(INGEST_DEPS) private readonly deps: IngestDeps,
    @Inject(KeyDirectory) private readonly keys: KeyDirectory,
  ) {}

  /** Starts the publication's trace (or continues the client's): every later event carries it. */
  async publish(request: IncomingMessage): Promise<Accepted> {
    const traceparent = request.headers.traceparent;
    try {
      const accepted = await withSpan('ingest.publish', () => this.accept(request), {
        kind: SpanKind.SERVER,
        traceparent: typeof traceparent === 'string' ? traceparent : null,
      });
      countPublish();
      return accepted;
    } catch (error) {
      countPublish(error);
      throw error;
    }
  }

  private async accept(request: IncomingMessage): Promise<Accepted> {
    const statement = this.validateHeaders(request);
    await this.authorize(statement);
    await this.refuseIfTaken(statement);

    const submissionId = uuidv7();
    const stagingRef = blobKeys.staging(submissionId);
    let occurredAt: string;
    try {
      const digest = await this.stage(request, stagingRef);
      checkDigest(statement, digest);
      occurredAt = await this.submit(statement, submissionId, stagingRef);
    } catch (error) {
      await this.deps.blobs
        .delete(stagingRef)
        .catch((e: unknown) => this.deps.logger.warn('could not delete staged blob', { stagingRef, error: String(e) }));
      throw error;
    }
    this.deps.readModel.recordSubmission({ submissionId, ...statement, createdAt: occurredAt });
    return { submissionId, status: 'pending', name: statement.name, version: statement.version };
  }

  private validateHeaders(request: IncomingMessage): PublishStatement {
    // Any other media type has already been buffered and parsed by Fastify: not an archive upload.
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(ARCHIVE_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
      throw new ProblemError(
        415,
        'unsupported_media_type',
        `the archive must be sent as ${ARCHIVE_MEDIA_TYPES.join(' or ')}`,
      );
    }
    const parsed = parseStatementHeaders(request.headers);
    if (!parsed.ok) throw new ProblemError(400, 'validation_failed', parsed.detail, { field: parsed.field });
    const { statement } = parsed;
    const max = this.deps.maxPackBytes;
    if (statement.size > max) {
      throw new ProblemError(
        413,
        'payload_too_large',
        `market-size ${statement.size} exceeds the limit of ${max} bytes`,
        { limit: max },
      );
    }
    const declared = request.headers['content-length'];
    if (declared !== undefined) {
      const length = Number(declared);
      if (length > max) {
        throw new ProblemError(
          413,
          'payload_too_large',
          `content-length ${declared} exceeds the limit of ${max} bytes`,
          { limit: max },
        );
      }
      if (length !== statement.size) {
        throw new ProblemError(
          422,
          'size_mismatch',
          `content-length ${declared} differs from market-size ${statement.size}`,
        );
      }
    }
    return statement;
  }

  private async authorize(statement: PublishStatement): Promise<void> {
    const key = await this.keys.find(statement.keyId);
    if (!key) throw new ProblemError(422, 'key_unknown', `key ${statement.keyId} is not registered`);
    if (!keyCoversPackage(key.namespaces, statement.name)) {
      throw new ProblemError(
        403,
        'key_not_authorized',
        `key ${statement.keyId} may not publish in the namespace of ${statement.name}`,
      );
    }
    if (!verifyStatement(key.publicKey, statement, statement.signature)) {
      throw new ProblemError(
        422,
        'signature_invalid',
        `signature does not verify for ${statement.name}@${statement.version} with key ${statement.keyId}`,
      );
    }
  }

  /** Saves a pointless upload when the answer is already known; the append decides again anyway. */
  private async refuseIfTaken(statement: PublishStatement): Promise<void> {
    const { events } = await readDecoded(this.deps.store, streams.package(statement.name));
    const decision = decideSubmit(foldPackage(events), { submissionId: '', ...statement });
    if (!decision.ok) throw new ProblemError(409, decision.code, decision.detail);
  }

  private async stage(request: IncomingMessage, stagingRef: string): Promise<Digest> {
    try {
      return await stageUpload(request, this.deps.blobs, stagingRef, this.deps.maxPackBytes);
    } catch (error) {
      if (error instanceof UploadTooLargeError) {
        throw new ProblemError(413, 'payload_too_large', `body exceeds the limit of ${error.maxBytes} bytes`, {
          limit: error.maxBytes,
        });
      }
      if (error instanceof UploadAbortedError)
        throw new ProblemError(400, 'upload_aborted', 'the upload ended before its body was complete');
      throw error;
    }
  }

  /** Appends the submission unless a racing one won; returns when it happened. */
  private async submit(statement: PublishStatement, submissionId: string, stagingRef: string): Promise<string> {
    const stream = streams.package(statement.name);
    const { name, version, sha256, blake3, size, keyId, signature } = statement;
    const event = newEvent(
      'PackageVersionSubmitted',
      stream,
      { submissionId, name, version, sha256, blake3, size, keyId, signature, stagingRef },
      { actor: `key:${keyId}`, correlationId: submissionId, traceparent: currentTraceparent() },
    );
    const decision = await appendOrContention(() =>
      decideAndAppend(this.deps.store, stream, foldPackage, (state) => {
        const d = decideSubmit(state, { submissionId, name, version });
        return d.ok ? { ok: true, events: [event] } : d;
      }),
    );
    if (!decision.ok) throw new ProblemError(409, decision.code, decision.detail);
    return event.occurredAt;
  }
}

const checkDigest = (statement: PublishStatement, digest: Digest): void => {
  if (digest.size !== statement.size) {
    throw new ProblemError(422, 'size_mismatch', `received ${digest.size} bytes, the statement says ${statement.size}`);
  }
  if (digest.sha256 !== statement.sha256) {
    throw new ProblemError(
      422,
      'digest_mismatch',
      `sha256 of the body is ${digest.sha256}, the statement says ${statement.sha256}`,
      { field: 'market-sha256' },
    );
  }
  if (digest.blake3 !== statement.blake3) {
    throw new ProblemError(
      422,
      'digest_mismatch',
      `blake3 of the body is ${digest.blake3}, the statement says ${statement.blake3}`,
      { field: 'market-blake3' },
    );
  }
};

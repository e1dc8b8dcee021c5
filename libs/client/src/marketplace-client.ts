import type { PackStatement } from '@market/pack';
import { z } from 'zod';
import { keyViewSchema, type KeyView, type RegisterKeyInput } from './api/key-view.js';
import { packagePath, tagSegment, versionSegment } from './api/package-path.js';
import { resolutionSchema, type ArchiveRef, type Resolution } from './api/resolution.js';
import {
  searchResultSchema,
  suggestionsSchema,
  type SearchQuery,
  type SearchResult,
  type Suggestion,
} from './api/search-result.js';
import { publishAcceptedSchema, submissionSchema, type PublishAccepted, type Submission } from './api/submission.js';
import {
  historySchema,
  packageViewSchema,
  versionViewSchema,
  type PackageHistory,
  type PackageView,
  type VersionView,
} from './api/version-view.js';
import type { ContentCache } from './cache/content-cache.js';
import type { DownloadProgressListener, FetchedArchive } from './download/download-progress.js';
import { mapWithConcurrency } from './download/map-with-concurrency.js';
import { MarketError } from './errors/market-error.js';
import type { HttpTransport } from './http/http-transport.js';
import { MarketplaceClientBuilder } from './marketplace-client-builder.js';
import type { Signer } from './signing/signer.js';
import { checkSignature } from './verify/check-signature.js';

export interface PublishInput {
  /** The archive bytes (as createPackArchive made them). */
  archive: Uint8Array;
  statement: PackStatement;
  signer: Signer;
  /** Bytes handed to the connection so far, of `archive.length`. */
  onProgress?: (sent: number, total: number) => void;
}

export interface WaitOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  onPoll?: (submission: Submission) => void;
}

export interface ClientSettings {
  transport: HttpTransport;
  cache: ContentCache;
  concurrency: number;
}

const UPLOAD_CHUNK = 64 * 1024;
const commandResultSchema = z.object({ type: z.string(), data: z.record(z.string(), z.unknown()) }).passthrough();
export type CommandResult = z.infer<typeof commandResultSchema>;

/**
 * Typed access to every route of docs/http-api.md, plus what a consumer needs around them:
 * signature checks against the publisher's registered key and verified, cached, parallel
 * downloads. Every failure is a MarketError. Build one with `MarketplaceClient.builder()`.
 */
export class MarketplaceClient {
  private readonly keys = new Map<string, Promise<KeyView>>();

  constructor(private readonly settings: ClientSettings) {}

  static builder(): MarketplaceClientBuilder {
    return new MarketplaceClientBuilder((settings) => new MarketplaceClient(settings));
  }

  get baseUrl(): string {
    return this.settings.transport.options.baseUrl;
  }

  get cache(): ContentCache {
    return this.settings.cache;
  }

  private get http(): HttpTransport {
    return this.settings.transport;
  }

  // ---- registry reads -------------------------------------------------------------------------

  async health(): Promise<Record<string, unknown>> {
    return this.http.json('/v1/health', z.record(z.string(), z.unknown()));
  }

  getPackage(name: string, options: { asOf?: string } = {}): Promise<PackageView> {
    return this.http.json(`/v1/packages/${packagePath(name)}`, packageViewSchema, { query: { asOf: options.asOf } });
  }

  getVersion(name: string, version: string): Promise<VersionView> {
    return this.http.json(`/v1/packages/${packagePath(name)}/versions/${versionSegment(version)}`, versionViewSchema);
  }

  history(name: string, options: { from?: number; limit?: number } = {}): Promise<PackageHistory> {
    return this.http.json(`/v1/packages/${packagePath(name)}/history`, historySchema, { query: options });
  }

  /** One version per package satisfying every range; 422 `unsatisfiable` carries `problem.conflicts`. */
  resolve(requirements: Record<string, string>): Promise<Resolution> {
    return this.http.json('/v1/resolve', resolutionSchema, { method: 'POST', json: { requirements } });
  }

  getKey(keyId: string): Promise<KeyView> {
    return this.http.json(`/v1/keys/${encodeURIComponent(keyId)}`, keyViewSchema);
  }

  search(query: SearchQuery = {}): Promise<SearchResult> {
    return this.http.json('/v1/search', searchResultSchema, {
      query: { ...query } as Record<string, string | number | undefined>,
    });
  }

  async suggest(q: string): Promise<Suggestion[]> {
    const answer = await this.http.json('/v1/search/suggest', suggestionsSchema, { query: { q } });
    return Array.isArray(answer) ? answer : answer.suggestions;
  }

  // ---- publishing -----------------------------------------------------------------------------

  registerKey(input: RegisterKeyInput): Promise<{ keyId: string }> {
    return this.http.json('/v1/keys', z.object({ keyId: z.string() }), { method: 'POST', json: input });
  }

  /** Streams the archive with the signed statement in `market-*` headers; answers 202 with a submission id. */
  publish(input: PublishInput): Promise<PublishAccepted> {
    const { archive, statement, signer, onProgress } = input;
    const signature = signer.signStatement(statement);
    async function* chunks() {
      for (let offset = 0; offset < archive.length; offset += UPLOAD_CHUNK) {
        const chunk = archive.subarray(offset, offset + UPLOAD_CHUNK);
        yield chunk;
        onProgress?.(Math.min(offset + chunk.length, archive.length), archive.length);
      }
    }
    return this.http.json('/v1/packages', publishAcceptedSchema, {
      method: 'POST',
      streaming: true,
      body: chunks(),
      headers: {
        'content-type': 'application/gzip',
        'content-length': String(archive.length),
        'market-name': statement.name,
        'market-version': statement.version,
        'market-sha256': statement.sha256,
        'market-blake3': statement.blake3,
        'market-size': String(statement.size),
        'market-key-id': signer.keyId,
        'market-signature': signature,
      },
    });
  }

  submission(id: string): Promise<Submission> {
    return this.http.json(`/v1/submissions/${encodeURIComponent(id)}`, submissionSchema);
  }

  /** Polls (100 ms, growing to 1 s) until the submission is published or rejected. */
  async waitForSubmission(id: string, options: WaitOptions = {}): Promise<Submission> {
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    let delay = 100;
    for (;;) {
      const current = await this.submission(id);
      options.onPoll?.(current);
      if (current.status !== 'pending') return current;
      if (Date.now() + delay > deadline) {
        throw new MarketError(
          'submission_timeout',
          0,
          `submission ${id} (${current.name}@${current.version}) is still pending after ${options.timeoutMs ?? 120_000} ms`,
        );
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, delay);
        options.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new MarketError('aborted', 0, `waiting for submission ${id} was cancelled`));
        });
      });
      delay = Math.min(1000, Math.round(delay * 1.5));
    }
  }

  yank(name: string, version: string, reason: string, signer: Signer): Promise<CommandResult> {
    return this.command(
      signer,
      `versions/${versionSegment(version)}/yank`,
      'POST',
      { action: 'yank', name, version, reason },
      { reason },
    );
  }

  unyank(name: string, version: string, reason: string, signer: Signer): Promise<CommandResult> {
    return this.command(
      signer,
      `versions/${versionSegment(version)}/unyank`,
      'POST',
      { action: 'unyank', name, version, reason },
      { reason },
    );
  }

  deprecate(name: string, version: string, message: string, signer: Signer): Promise<CommandResult> {
    return this.command(
      signer,
      `versions/${versionSegment(version)}/deprecate`,
      'POST',
      { action: 'deprecate', name, version, message },
      { message },
    );
  }

  setDistTag(name: string, tag: string, version: string, signer: Signer): Promise<CommandResult> {
    return this.command(
      signer,
      `dist-tags/${tagSegment(tag)}`,
      'PUT',
      { action: 'dist-tag-set', name, tag, version },
      { version },
    );
  }

  removeDistTag(name: string, tag: string, signer: Signer): Promise<CommandResult> {
    return this.command(signer, `dist-tags/${tagSegment(tag)}`, 'DELETE', { action: 'dist-tag-remove', name, tag }, {});
  }

  /**
   * A signed command: the signature covers the command's fields, its action and `issuedAt`
   * (ingest refuses an issue time more than 5 minutes from its clock, which bounds replays).
   * The name is signed as it appears in the URL.
   */
  private command(
    signer: Signer,
    route: string,
    method: string,
    command: Record<string, string>,
    fields: Record<string, string>,
  ): Promise<CommandResult> {
    const path = `/v1/packages/${packagePath(command.name!)}/${route}`;
    const issuedAt = new Date().toISOString();
    const signature = signer.signCommand({ ...command, issuedAt });
    return this.http.json(path, commandResultSchema, {
      method,
      json: { ...fields, keyId: signer.keyId, signature, issuedAt },
    });
  }

  // ---- verified downloads ---------------------------------------------------------------------

  /** The publisher key, fetched once per client. */
  key(keyId: string): Promise<KeyView> {
    let pending = this.keys.get(keyId);
    if (!pending) {
      pending = this.getKey(keyId);
      pending.catch(() => this.keys.delete(keyId));
      this.keys.set(keyId, pending);
    }
    return pending;
  }

  /** Fetches the signing key and checks key id, namespace and signature; throws an integrity MarketError. */
  async verifySignature(ref: ArchiveRef): Promise<KeyView> {
    let key: KeyView;
    try {
      key = await this.key(ref.keyId);
    } catch (error) {
      if (error instanceof MarketError && error.status === 404) {
        throw new MarketError(
          'key_not_authorized',
          0,
          `${ref.name}@${ref.version} is signed by key ${ref.keyId}, which the registry does not know`,
        );
      }
      throw error;
    }
    const check = checkSignature(ref, key);
    if (!check.ok) throw new MarketError(check.code, 0, check.detail);
    return key;
  }

  /**
   * The archive as a verified file in the content-addressed cache: a cached copy is re-digested
   * (`cache_corrupt` if it changed); otherwise it is streamed from `/v1/blobs` through SHA-256 and
   * BLAKE3 into the cache (`digest_mismatch` if the bytes are not what was signed).
   */
  async fetchArchive(ref: ArchiveRef, onProgress?: DownloadProgressListener): Promise<FetchedArchive> {
    const progress = (received: number, source: 'cache' | 'download', done: boolean) =>
      onProgress?.({ name: ref.name, version: ref.version, received, total: ref.size, source, done });
    const expected = { sha256: ref.sha256, blake3: ref.blake3, size: ref.size };
    if (await this.cache.has(ref.sha256)) {
      const path = await this.cache.verify(expected);
      progress(ref.size, 'cache', true);
      return { name: ref.name, version: ref.version, sha256: ref.sha256, path, source: 'cache' };
    }
    const route = `/v1/blobs/sha256/${ref.sha256}`;
    const response = await this.http.send(route, {
      streaming: true,
      headers: { accept: 'application/gzip' },
      query: { package: `${ref.name}@${ref.version}` },
    });
    if (!response.body) throw new MarketError('bad_response', response.status, `GET ${route} answered without a body`);
    let received = 0;
    const body = response.body as unknown as AsyncIterable<Uint8Array>;
    let path: string;
    try {
      path = await this.cache.store(body, expected, (n) => {
        received += n;
        progress(received, 'download', false);
      });
    } catch (error) {
      if (error instanceof MarketError) {
        if (error.code === 'digest_mismatch') {
          throw new MarketError(
            'digest_mismatch',
            0,
            `${ref.name}@${ref.version}: ${error.detail} (the registry served bytes that were not signed)`,
          );
        }
        throw error;
      }
      throw this.http.transportError(error, {}, route);
    }
    progress(ref.size, 'download', true);
    return { name: ref.name, version: ref.version, sha256: ref.sha256, path, source: 'download' };
  }

  /** Verifies signatures, then fetches up to `concurrency` archives at once (from the cache when present). */
  async fetchArchives(refs: readonly ArchiveRef[], onProgress?: DownloadProgressListener): Promise<FetchedArchive[]> {
    await mapWithConcurrency(refs, this.settings.concurrency, (ref) => this.verifySignature(ref));
    return mapWithConcurrency(refs, this.settings.concurrency, (ref) => this.fetchArchive(ref, onProgress));
  }
}

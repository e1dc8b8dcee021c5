import { performance } from 'node:perf_hooks';
import { canonicalStatement, signStatement } from '@market/pack';
import type { BuiltPack } from '../../test/e2e/support/pack-factory.js';
import type { HttpAnswer, HttpClient } from './http-client.js';

export interface PublisherKey {
  keyId: string;
  publicKey: string;
  privateKeyPem: string;
}

/** The publisher's Ed25519 signature over the pack's canonical statement. */
export const signPack = (pack: BuiltPack, key: PublisherKey): string =>
  signStatement(
    key.privateKeyPem,
    canonicalStatement({
      name: pack.name,
      version: pack.version,
      sha256: pack.sha256,
      blake3: pack.blake3,
      size: pack.size,
    }),
  );

/**
 * POST /v1/packages: the archive as the body, the signed statement in the `market-*` headers.
 * `signature` may be made beforehand (signPack), as the archive is, to keep the client's own
 * crypto off the measured span.
 */
export const publishPack = (
  client: HttpClient,
  pack: BuiltPack,
  key: PublisherKey,
  signature = signPack(pack, key),
): Promise<HttpAnswer> => {
  return client.request('POST', '/v1/packages', pack.bytes, {
    'content-type': 'application/gzip',
    'content-length': pack.bytes.length,
    'market-name': pack.name,
    'market-version': pack.version,
    'market-sha256': pack.sha256,
    'market-blake3': pack.blake3,
    'market-size': String(pack.size),
    'market-key-id': key.keyId,
    'market-signature': signature,
  });
};

/** The submission id of a 202, or an error naming the route and the answer. */
export const submissionIdOf = (pack: BuiltPack, answer: HttpAnswer): string => {
  if (answer.status !== 202) {
    throw new Error(
      `POST /v1/packages ${pack.name}@${pack.version} answered ${answer.status}: ${answer.body.toString().slice(0, 300)}`,
    );
  }
  return (JSON.parse(answer.body.toString()) as { submissionId: string }).submissionId;
};

export interface Settled {
  /** performance.now() when the last pending submission was first seen published. */
  lastPublishedAt: number;
  /** The latest `settledAt` of a published submission (when storage stored it), epoch ms. */
  lastStoredAt: number;
  rejected: { id: string; reason?: string; detail?: string }[];
}

/**
 * Polls GET /v1/submissions/:id for every id still pending (a few at a time, so the polling
 * itself does not load ingest much) until none is, or fails at the deadline.
 */
export const waitSettled = async (
  client: HttpClient,
  ids: readonly string[],
  timeoutMs = 120_000,
): Promise<Settled> => {
  const pending = new Set(ids);
  const rejected: Settled['rejected'] = [];
  const deadline = performance.now() + timeoutMs;
  let lastPublishedAt = performance.now();
  let lastStoredAt = 0;
  while (pending.size > 0) {
    if (performance.now() > deadline)
      throw new Error(`${pending.size} of ${ids.length} submissions still pending after ${timeoutMs} ms`);
    const round = [...pending];
    for (let i = 0; i < round.length; i += 4) {
      await Promise.all(
        round.slice(i, i + 4).map(async (id) => {
          const { status, json } = await client.getJson<{
            status: string;
            reason?: string;
            detail?: string;
            settledAt?: string;
          }>(`/v1/submissions/${id}`);
          if (status !== 200 || json?.status === 'pending') return;
          pending.delete(id);
          if (json.status === 'published') {
            lastPublishedAt = performance.now();
            lastStoredAt = Math.max(lastStoredAt, Date.parse(json.settledAt ?? ''));
          } else
            rejected.push({
              id,
              ...(json.reason ? { reason: json.reason } : {}),
              ...(json.detail ? { detail: json.detail } : {}),
            });
        }),
      );
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 20));
  }
  if (Number.isNaN(lastStoredAt)) throw new Error('a published submission has no settledAt');
  return { lastPublishedAt, lastStoredAt, rejected };
};

export const describeRejections = (rejected: Settled['rejected']): string =>
  rejected
    .slice(0, 5)
    .map((r) => `${r.id}: ${r.reason ?? '?'} ${r.detail ?? ''}`.trim())
    .join('; ');

import { Inject, Injectable } from '@nestjs/common';
import { newEvent, streams } from '@market/contracts';
import { isWrongExpectedRevision } from '@market/event-store';
import { ProblemError } from '@market/http';
import { currentTraceparent } from '@market/observability';
import { isPackError, keyIdOf, verifyCommand } from '@market/pack';
import { decideRegisterKey } from '../domain/decide-register-key.js';
import { normalizeNamespace } from '../domain/namespace.js';
import { KeyDirectory } from '../event-store/key-directory.js';
import { NamespaceClaims } from '../event-store/namespace-claims.js';
import { INGEST_DEPS, type IngestDeps } from '../ingest-deps.js';
import type { RegisterKeyBody } from './register-key-body.js';
import { SerialQueue } from './serial-queue.js';

/** How long a registration waits for the read model to reach the store's head before giving up (503). */
const CATCH_UP_TIMEOUT_MS = 5_000;

/** Decisions retried after losing a claim race before the caller is told to retry (503). */
const MAX_CLAIM_ATTEMPTS = 5;

/**
 * Registers publisher keys. The key's own stream is the authority on the key (appended with
 * `no_stream`: a key id is registered once). The `namespace-claims` stream is the authority on
 * which key claimed a namespace first: a registration that claims new namespaces appends them
 * there, all in one event, with the revision its decision read, before the key itself, so of two
 * replicas deciding at once only one claim lands and the other decides again (then needing an
 * endorsement). Keys registered before that stream existed are known from ingest's read model,
 * caught up to the store's head before each decision. Registrations in one process are also
 * serialised, so they do not race each other for the claims stream's revision.
 */
@Injectable()
export class KeysService {
  private readonly queue = new SerialQueue();

  constructor(
    @Inject(INGEST_DEPS) private readonly deps: IngestDeps,
    @Inject(KeyDirectory) private readonly keys: KeyDirectory,
    @Inject(NamespaceClaims) private readonly claims: NamespaceClaims,
  ) {}

  register(body: RegisterKeyBody): Promise<{ keyId: string }> {
    const keyId = keyIdFrom(body.publicKey);
    return this.queue.run(async () => {
      for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
        const registered = await this.decideAndAppend(keyId, body);
        if (registered) return registered;
      }
      throw new ProblemError(503, 'claims_contended', 'namespace claims changed under every attempt; retry shortly');
    });
  }

  /** The registration, or undefined when another claim landed between reading and appending. */
  private async decideAndAppend(keyId: string, body: RegisterKeyBody): Promise<{ keyId: string } | undefined> {
    await this.catchUp();
    const namespaces = dedupe(body.namespaces);
    const claims = await this.claims.snapshot();
    const known = this.deps.readModel.claimedNamespaces(namespaces);
    const normalized = namespaces.map(normalizeNamespace);
    // Claimed by another key: in the claims stream, or (registered before it existed) in the read model.
    const claimedByOthers = new Set(
      normalized.filter((ns) => {
        const owner = claims.owners.get(ns);
        return owner === undefined ? known.has(ns) : owner !== keyId;
      }),
    );
    const unclaimed = normalized.filter((ns) => !claims.owners.has(ns) && !known.has(ns));
    const endorser = body.endorsement ? await this.keys.find(body.endorsement.keyId) : undefined;
    const endorsementSignatureValid =
      !!endorser &&
      !!body.endorsement &&
      verifyCommand(
        endorser.publicKey,
        { action: 'endorse', keyId, namespaces: body.namespaces },
        body.endorsement.signature,
      );
    const decision = decideRegisterKey(
      { keyId, publicKey: body.publicKey, namespaces, owner: body.owner, endorsement: body.endorsement },
      {
        existing: await this.keys.find(keyId),
        claimedNamespaces: claimedByOthers,
        endorser,
        endorsementSignatureValid,
      },
    );
    if (!decision.ok) throw new ProblemError(decision.status, decision.code, decision.detail);
    const actor = body.endorsement ? `key:${body.endorsement.keyId}` : `key:${keyId}`;
    const metadata = { actor, traceparent: currentTraceparent() };
    if (unclaimed.length > 0 && !(await this.claims.claim(claims, keyId, unclaimed, metadata))) return undefined;
    const stream = streams.key(keyId);
    const event = newEvent('PublisherKeyRegistered', stream, decision.event.data, metadata);
    try {
      await this.deps.store.append(stream, [event], { expectedRevision: 'no_stream' });
    } catch (error) {
      if (isWrongExpectedRevision(error))
        throw new ProblemError(409, 'key_exists', `key ${keyId} is already registered`);
      throw error;
    }
    this.deps.readModel.recordKey(keyId, namespaces);
    return { keyId };
  }

  private async catchUp(): Promise<void> {
    const head = await this.deps.store.headPosition();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ProblemError(503, 'read_model_behind', 'the key read model is catching up; retry shortly')),
        CATCH_UP_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.deps.readModelCaughtUp(head), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

const keyIdFrom = (publicKey: string): string => {
  try {
    return keyIdOf(publicKey);
  } catch (error) {
    if (isPackError(error, 'key_invalid'))
      throw new ProblemError(400, 'validation_failed', `body publicKey: ${error.detail}`, { field: 'publicKey' });
    throw error;
  }
};

/** One entry per normalised namespace, first spelling kept. */
const dedupe = (namespaces: readonly string[]): string[] => {
  const seen = new Set<string>();
  return namespaces.filter((ns) => {
    const key = normalizeNamespace(ns);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

import { Inject, Injectable } from '@nestjs/common';
import { newEvent, streams } from '@market/contracts';
import { isWrongExpectedRevision } from '@market/event-store';
import { ProblemError } from '@market/http';
import { currentTraceparent } from '@market/observability';
import { isPackError, keyIdOf, verifyCommand } from '@market/pack';
import { decideRegisterKey } from '../domain/decide-register-key.js';
import { normalizeNamespace } from '../domain/namespace.js';
import { KeyDirectory } from '../event-store/key-directory.js';
import { INGEST_DEPS, type IngestDeps } from '../ingest-deps.js';
import type { RegisterKeyBody } from './register-key-body.js';
import { SerialQueue } from './serial-queue.js';

/** How long a registration waits for the read model to reach the store's head before giving up (503). */
const CATCH_UP_TIMEOUT_MS = 5_000;

/**
 * Registers publisher keys. The key's own stream is the authority on the key (appended with
 * `no_stream`: a key id is registered once). Which namespaces are claimed comes from ingest's read
 * model of key events, caught up to the store's head before each decision, and registrations are
 * serialised in-process, so a namespace cannot be claimed twice without an endorsement.
 */
@Injectable()
export class KeysService {
  private readonly queue = new SerialQueue();

  constructor(
    @Inject(INGEST_DEPS) private readonly deps: IngestDeps,
    @Inject(KeyDirectory) private readonly keys: KeyDirectory,
  ) {}

  register(body: RegisterKeyBody): Promise<{ keyId: string }> {
    const keyId = keyIdFrom(body.publicKey);
    return this.queue.run(() => this.decideAndAppend(keyId, body));
  }

  private async decideAndAppend(keyId: string, body: RegisterKeyBody): Promise<{ keyId: string }> {
    await this.catchUp();
    const namespaces = dedupe(body.namespaces);
    const endorser = body.endorsement ? await this.keys.find(body.endorsement.keyId) : undefined;
    const endorsementSignatureValid =
      !!endorser && !!body.endorsement && verifyCommand(endorser.publicKey, { action: 'endorse', keyId, namespaces: body.namespaces }, body.endorsement.signature);
    const decision = decideRegisterKey(
      { keyId, publicKey: body.publicKey, namespaces, owner: body.owner, endorsement: body.endorsement },
      {
        existing: await this.keys.find(keyId),
        claimedNamespaces: this.deps.readModel.claimedNamespaces(namespaces),
        endorser,
        endorsementSignatureValid,
      },
    );
    if (!decision.ok) throw new ProblemError(decision.status, decision.code, decision.detail);
    const stream = streams.key(keyId);
    const actor = body.endorsement ? `key:${body.endorsement.keyId}` : `key:${keyId}`;
    const event = newEvent('PublisherKeyRegistered', stream, decision.event.data, { actor, traceparent: currentTraceparent() });
    try {
      await this.deps.store.append(stream, [event], { expectedRevision: 'no_stream' });
    } catch (error) {
      if (isWrongExpectedRevision(error)) throw new ProblemError(409, 'key_exists', `key ${keyId} is already registered`);
      throw error;
    }
    this.deps.readModel.recordKey(keyId, namespaces);
    return { keyId };
  }

  private async catchUp(): Promise<void> {
    const head = await this.deps.store.headPosition();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProblemError(503, 'read_model_behind', 'the key read model is catching up; retry shortly')), CATCH_UP_TIMEOUT_MS);
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
    if (isPackError(error, 'key_invalid')) throw new ProblemError(400, 'validation_failed', `body publicKey: ${error.detail}`, { field: 'publicKey' });
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

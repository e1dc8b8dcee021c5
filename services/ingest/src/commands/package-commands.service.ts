import { Inject, Injectable } from '@nestjs/common';
import { newEvent, streams } from '@market/contracts';
import { ProblemError } from '@market/http';
import { currentTraceparent } from '@market/observability';
import { verifyCommand, type SignedCommandBody } from '@market/pack';
import {
  decidePackageCommand,
  type PackageCommand,
  type PackageCommandEvent,
} from '../domain/decide-package-command.js';
import { keyCoversPackage } from '../domain/namespace.js';
import { foldPackage } from '../domain/package-state.js';
import { appendOrContention, decideAndAppend } from '../event-store/decide-and-append.js';
import { KeyDirectory } from '../event-store/key-directory.js';
import { INGEST_DEPS, type IngestDeps } from '../ingest-deps.js';
import { withinCommandWindow } from './command-window.js';
import type { SignedFields } from './signed-command-bodies.js';

/** The bytes a command's signature covers: the command's fields, its action and its issue time. */
export const signedPayloadOf = (command: PackageCommand, issuedAt: string): SignedCommandBody => ({
  ...command,
  issuedAt,
});

/**
 * Yank, unyank, deprecate and dist-tag changes: authenticated by a signature from a key
 * registered for the package's namespace, decided on the package stream, appended with the
 * revision that was read.
 */
@Injectable()
export class PackageCommandsService {
  constructor(
    @Inject(INGEST_DEPS) private readonly deps: IngestDeps,
    @Inject(KeyDirectory) private readonly keys: KeyDirectory,
  ) {}

  async execute(command: PackageCommand, signed: SignedFields): Promise<PackageCommandEvent> {
    await this.authenticate(command, signed);
    const stream = streams.package(command.name);
    const context = { actor: `key:${signed.keyId}`, traceparent: currentTraceparent() };
    let accepted: PackageCommandEvent | undefined;
    const decision = await appendOrContention(() =>
      decideAndAppend(this.deps.store, stream, foldPackage, (state) => {
        const d = decidePackageCommand(state, command);
        if (!d.ok) return d;
        accepted = d.event;
        return { ok: true, events: [newEvent(d.event.type, stream, d.event.data as never, context)] };
      }),
    );
    if (!decision.ok) throw new ProblemError(decision.status, decision.code, decision.detail);
    return accepted!;
  }

  private async authenticate(command: PackageCommand, signed: SignedFields): Promise<void> {
    const now = this.deps.now?.() ?? new Date();
    if (!withinCommandWindow(signed.issuedAt, now)) {
      throw new ProblemError(
        422,
        'command_expired',
        `issuedAt ${signed.issuedAt} is more than 5 minutes from the server time ${now.toISOString()}`,
      );
    }
    const key = await this.keys.find(signed.keyId);
    if (!key) throw new ProblemError(422, 'key_unknown', `key ${signed.keyId} is not registered`);
    if (!keyCoversPackage(key.namespaces, command.name)) {
      throw new ProblemError(
        403,
        'key_not_authorized',
        `key ${signed.keyId} may not act in the namespace of ${command.name}`,
      );
    }
    if (!verifyCommand(key.publicKey, signedPayloadOf(command, signed.issuedAt), signed.signature)) {
      throw new ProblemError(
        422,
        'signature_invalid',
        `signature does not verify over the ${command.action} command with key ${signed.keyId}`,
      );
    }
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newEvent, streams } from '@market/contracts';
import { startIngestHarness, type IngestHarness } from './ingest-harness.js';
import {
  endorse,
  newPublisher,
  postUpload,
  registerKey,
  signedCommand,
  signedUpload,
  type Publisher,
} from './publisher.js';

describe('ingest keys and signed commands over real HTTP', () => {
  let h: IngestHarness;
  let owner: Publisher;
  let stranger: Publisher;

  beforeAll(async () => {
    h = await startIngestHarness({ maxPackBytes: 1024 * 1024 });
    owner = newPublisher();
    stranger = newPublisher();
    expect((await registerKey(h.url, owner, ['tools'])).status).toBe(201);
    expect((await registerKey(h.url, stranger, ['elsewhere'])).status).toBe(201);
    // A published 1.0.0 and a pending 2.0.0 of tools/gen.
    const accepted = (await (await postUpload(h.url, signedUpload(owner, 'tools/gen', '1.0.0'))).json()) as {
      submissionId: string;
    };
    await h.store.append(streams.package('tools/gen'), [
      newEvent(
        'PackageVersionStored',
        streams.package('tools/gen'),
        {
          submissionId: accepted.submissionId,
          name: 'tools/gen',
          version: '1.0.0',
          sha256: 'a'.repeat(64),
          size: 1,
          deduplicated: false,
        },
        { actor: 'test' },
      ),
    ]);
    expect((await postUpload(h.url, signedUpload(owner, 'tools/gen', '2.0.0'))).status).toBe(202);
  });

  afterAll(async () => {
    await h?.stop();
  });

  const problemOf = async (response: Response) => ({
    status: response.status,
    ...((await response.json()) as { code: string }),
  });

  /** A command that must be refused: the right problem and nothing appended. */
  const expectRefused = async (send: () => Promise<Response>, status: number, code: string) => {
    const head = await h.store.headPosition();
    expect(await problemOf(await send())).toMatchObject({ status, code });
    expect(await h.store.headPosition()).toBe(head);
  };

  const yank = (by: Publisher, version: string, issuedAt?: string) =>
    signedCommand(
      h.url,
      by,
      'POST',
      `/v1/packages/tools/gen/versions/${version}/yank`,
      { action: 'yank', name: 'tools/gen', version, reason: 'cve' },
      { reason: 'cve' },
      issuedAt,
    );

  describe('keys', () => {
    it('registers a key id once', async () => {
      expect(await problemOf(await registerKey(h.url, owner, ['fresh']))).toMatchObject({
        status: 409,
        code: 'key_exists',
      });
    });

    it('rejects a malformed public key with 400', async () => {
      const response = await fetch(`${h.url}/v1/keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ publicKey: 'AAAA', namespaces: ['x'], owner: 'o' }),
      });
      expect(await problemOf(response)).toMatchObject({ status: 400, code: 'validation_failed', field: 'publicKey' });
    });

    it('requires a valid endorsement by a key of a claimed namespace', async () => {
      const newcomer = newPublisher();
      await expectRefused(() => registerKey(h.url, newcomer, ['tools']), 403, 'endorsement_required');
      await expectRefused(() => registerKey(h.url, newcomer, ['Tools']), 403, 'endorsement_required');
      await expectRefused(
        () => registerKey(h.url, newcomer, ['tools'], endorse(stranger, newcomer.keyId, ['tools'])),
        403,
        'endorsement_invalid',
      );
      await expectRefused(
        () => registerKey(h.url, newcomer, ['tools'], endorse(owner, newcomer.keyId, ['tools', 'more'])),
        403,
        'endorsement_invalid',
      );
      const endorsed = await registerKey(h.url, newcomer, ['tools'], endorse(owner, newcomer.keyId, ['tools']));
      expect(endorsed.status).toBe(201);
      expect(await endorsed.json()).toEqual({ keyId: newcomer.keyId });
      expect((await postUpload(h.url, signedUpload(newcomer, 'tools/by-newcomer', '1.0.0'))).status).toBe(202);
    });

    it('lets only one of two concurrent first claims of a namespace through', async () => {
      const [a, b] = [newPublisher(), newPublisher()];
      const responses = await Promise.all([registerKey(h.url, a, ['contested']), registerKey(h.url, b, ['contested'])]);
      expect(responses.map((r) => r.status).sort()).toEqual([201, 403]);
    });
  });

  describe('signed commands', () => {
    it('yanks, unyanks and deprecates a published version', async () => {
      const yanked = await yank(owner, '1.0.0');
      expect(yanked.status).toBe(200);
      expect(await yanked.json()).toEqual({
        type: 'PackageVersionYanked',
        data: { name: 'tools/gen', version: '1.0.0', reason: 'cve' },
      });
      await expectRefused(() => yank(owner, '1.0.0'), 409, 'already_yanked');
      const unyank = await signedCommand(
        h.url,
        owner,
        'POST',
        '/v1/packages/tools/gen/versions/1.0.0/unyank',
        { action: 'unyank', name: 'tools/gen', version: '1.0.0', reason: 'fixed' },
        { reason: 'fixed' },
      );
      expect(unyank.status).toBe(200);
      const deprecate = await signedCommand(
        h.url,
        owner,
        'POST',
        '/v1/packages/tools/gen/versions/1.0.0/deprecate',
        { action: 'deprecate', name: 'tools/gen', version: '1.0.0', message: 'use 3.x' },
        { message: 'use 3.x' },
      );
      expect(deprecate.status).toBe(200);
      const types = (await h.store.readStream(streams.package('tools/gen'))).map((e) => e.type);
      expect(types.slice(-3)).toEqual(['PackageVersionYanked', 'PackageVersionUnyanked', 'PackageVersionDeprecated']);
      const last = (await h.store.readStream(streams.package('tools/gen'))).at(-1)!;
      expect(last.metadata).toMatchObject({ actor: `key:${owner.keyId}` });
    });

    it('sets and removes a dist-tag on a published version only', async () => {
      const set = (version: string) =>
        signedCommand(
          h.url,
          owner,
          'PUT',
          '/v1/packages/tools/gen/dist-tags/stable',
          { action: 'dist-tag-set', name: 'tools/gen', tag: 'stable', version },
          { version },
        );
      const remove = () =>
        signedCommand(
          h.url,
          owner,
          'DELETE',
          '/v1/packages/tools/gen/dist-tags/stable',
          { action: 'dist-tag-remove', name: 'tools/gen', tag: 'stable' },
          {},
        );
      await expectRefused(() => set('2.0.0'), 409, 'version_not_published');
      await expectRefused(() => set('9.0.0'), 404, 'version_not_found');
      await expectRefused(remove, 404, 'dist_tag_not_found');
      expect((await set('1.0.0')).status).toBe(200);
      expect((await remove()).status).toBe(200);
    });

    it('refuses commands that are unsigned, forged, stale, out of namespace or on unknown versions', async () => {
      await expectRefused(() => yank(stranger, '1.0.0'), 403, 'key_not_authorized');
      await expectRefused(() => yank(newPublisher(), '1.0.0'), 422, 'key_unknown');
      await expectRefused(
        () => yank(owner, '1.0.0', new Date(Date.now() - 10 * 60_000).toISOString()),
        422,
        'command_expired',
      );
      await expectRefused(() => yank(owner, '2.0.0'), 409, 'version_not_published');
      await expectRefused(() => yank(owner, '7.7.7'), 404, 'version_not_found');
      // Signed for 1.0.0, sent for another version: the signature binds the version.
      await expectRefused(
        () =>
          signedCommand(
            h.url,
            owner,
            'POST',
            '/v1/packages/tools/gen/versions/2.0.0/yank',
            { action: 'yank', name: 'tools/gen', version: '1.0.0', reason: 'cve' },
            { reason: 'cve' },
          ),
        422,
        'signature_invalid',
      );
      await expectRefused(
        () =>
          fetch(`${h.url}/v1/packages/tools/gen/versions/1.0.0/yank`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"reason":',
          }),
        400,
        'malformed_json',
      );
      await expectRefused(
        () =>
          fetch(`${h.url}/v1/packages/tools/gen/versions/1.0.0/yank`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ reason: 'x' }),
          }),
        400,
        'validation_failed',
      );
      await expectRefused(
        () =>
          signedCommand(
            h.url,
            owner,
            'POST',
            '/v1/packages/tools/gen/versions/not-semver/yank',
            { action: 'yank', name: 'tools/gen', version: 'not-semver', reason: 'x' },
            { reason: 'x' },
          ),
        400,
        'validation_failed',
      );
      expect((await fetch(`${h.url}/v1/health`)).status).toBe(200);
    });
  });

  it('answers 404 for an unknown submission and 400 for a malformed id', async () => {
    expect(await problemOf(await fetch(`${h.url}/v1/submissions/0190f0e0-0000-7000-8000-000000000099`))).toMatchObject({
      status: 404,
      code: 'not_found',
    });
    expect(await problemOf(await fetch(`${h.url}/v1/submissions/..%2F..%2Fetc`))).toMatchObject({ status: 400 });
  });
});

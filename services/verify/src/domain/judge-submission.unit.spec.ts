import { rejectionReasons, type EventData, type RejectionReason } from '@market/contracts';
import { generateSigningKey, keyIdOf, signStatement } from '@market/pack';
import { describe, expect, it } from 'vitest';
import { judgeSubmission, type JudgeInputs } from './judge-submission.js';
import type { PublisherKey } from './publisher-key.js';
import type { StagedArchive } from './staged-archive.js';
import { MAX_DETAIL_LENGTH } from './verdict.js';

const signer = generateSigningKey();
const keyId = keyIdOf(signer.publicKey);
const digest = { sha256: 'a'.repeat(64), blake3: 'b'.repeat(64), size: 1234 };
const manifestText = `[pack]
name = "acme/widgets"
version = "1.2.0"
description = "Widgets"
license = "MIT"
authors = ["Ada"]
keywords = ["ui"]

[dependencies]
"acme/base" = "^1.0.0"
`;

const submissionFor = (
  over: Partial<EventData<'PackageVersionSubmitted'>> = {},
): EventData<'PackageVersionSubmitted'> => {
  const base = { name: 'acme/widgets', version: '1.2.0', ...digest, ...over };
  return {
    submissionId: '0190f5e2-7d1c-7abc-9def-0123456789ab',
    keyId,
    stagingRef: 'staging/0190f5e2-7d1c-7abc-9def-0123456789ab',
    signature: signStatement(signer.privateKeyPem, {
      name: base.name,
      version: base.version,
      sha256: base.sha256,
      blake3: base.blake3,
      size: base.size,
    }),
    ...base,
    ...over,
  };
};

const key: PublisherKey = { keyId, publicKey: signer.publicKey, namespaces: ['acme'], owner: 'ada', revokedFrom: null };
const goodStaged: StagedArchive = {
  kind: 'read',
  digest,
  archive: {
    ok: true,
    manifestText,
    files: [
      { path: 'pack.toml', size: 120 },
      { path: 'templates/a.tera', size: 30 },
    ],
  },
};

const inputs = (over: Partial<JudgeInputs> = {}): JudgeInputs => ({
  submission: submissionFor(),
  submittedAt: '2025-01-01T00:00:00.000Z',
  staged: goodStaged,
  key,
  claim: null,
  ...over,
});

const reasonOf = (over: Partial<JudgeInputs>) => {
  const verdict = judgeSubmission(inputs(over));
  return verdict.type === 'PackageVersionRejected' ? verdict.data.reason : 'verified';
};

describe('judgeSubmission', () => {
  it('verifies a well-formed, signed, authorised submission with its manifest and files', () => {
    const verdict = judgeSubmission(inputs());
    expect(verdict.type).toBe('PackageVersionVerified');
    if (verdict.type !== 'PackageVersionVerified') return;
    expect(verdict.data).toMatchObject({
      submissionId: '0190f5e2-7d1c-7abc-9def-0123456789ab',
      name: 'acme/widgets',
      version: '1.2.0',
      ...digest,
      keyId,
      stagingRef: 'staging/0190f5e2-7d1c-7abc-9def-0123456789ab',
      manifest: {
        description: 'Widgets',
        license: 'MIT',
        authors: ['Ada'],
        keywords: ['ui'],
        dependencies: { 'acme/base': '^1.0.0' },
      },
      files: [
        { path: 'pack.toml', size: 120 },
        { path: 'templates/a.tera', size: 30 },
      ],
    });
  });

  it('matches names after normalisation (case and -_. folded), for the manifest and the namespace', () => {
    const submission = submissionFor({ name: 'Acme/Widgets' });
    expect(reasonOf({ submission, key: { ...key, namespaces: ['ACME'] } })).toBe('verified');
  });

  const cases: [RejectionReason, string, Partial<JudgeInputs>][] = [
    ['staging_missing', 'no staged bytes', { staged: { kind: 'missing', detail: 'no staged bytes at staging/x' } }],
    ['size_mismatch', 'a different size', { staged: { ...goodStaged, digest: { ...digest, size: 99 } } }],
    [
      'digest_mismatch',
      'a different sha256',
      { staged: { ...goodStaged, digest: { ...digest, sha256: 'c'.repeat(64) } } },
    ],
    [
      'digest_mismatch',
      'a different blake3',
      { staged: { ...goodStaged, digest: { ...digest, blake3: 'c'.repeat(64) } } },
    ],
    [
      'archive_invalid',
      'a hostile archive',
      {
        staged: {
          kind: 'read',
          digest,
          archive: { ok: false, code: 'archive_invalid', detail: 'entry "../x" escapes' },
        },
      },
    ],
    [
      'manifest_invalid',
      'an unreadable pack.toml',
      { staged: { kind: 'read', digest, archive: { ok: false, code: 'manifest_invalid', detail: 'not UTF-8' } } },
    ],
    [
      'manifest_invalid',
      'malformed TOML',
      { staged: { ...goodStaged, archive: { ok: true, manifestText: '[pack\nname=', files: [] } } },
    ],
    [
      'manifest_invalid',
      'a manifest missing its license',
      {
        staged: {
          ...goodStaged,
          archive: { ok: true, manifestText: manifestText.replace('license = "MIT"\n', ''), files: [] },
        },
      },
    ],
    [
      'manifest_mismatch',
      'another name in pack.toml',
      {
        staged: {
          ...goodStaged,
          archive: { ok: true, manifestText: manifestText.replace('acme/widgets', 'acme/gadgets'), files: [] },
        },
      },
    ],
    [
      'manifest_mismatch',
      'another version in pack.toml',
      {
        staged: {
          ...goodStaged,
          archive: { ok: true, manifestText: manifestText.replace('1.2.0', '1.2.1'), files: [] },
        },
      },
    ],
    ['key_unknown', 'an unregistered key', { key: null }],
    ['key_not_authorized', 'a key for another namespace', { key: { ...key, namespaces: ['other', 'acme-corp'] } }],
    [
      'key_revoked',
      'a key revoked before the submission',
      { key: { ...key, revokedFrom: '2024-12-31T00:00:00.000Z' } },
    ],
    ['signature_invalid', 'a signature by another key', { key: { ...key, publicKey: generateSigningKey().publicKey } }],
    ['signature_invalid', 'a garbage signature', { submission: { ...submissionFor(), signature: 'AAAA' } }],
    [
      'signature_invalid',
      'a signature over another version',
      {
        submission: { ...submissionFor(), signature: submissionFor({ version: '9.9.9' }).signature },
      },
    ],
    [
      'version_exists',
      'a version held by another submission',
      { claim: { submissionId: '0190f5e2-0000-7abc-9def-0123456789ab', status: 'published' } },
    ],
  ];

  it.each(cases)('rejects %s for %s', (reason, _what, over) => {
    const verdict = judgeSubmission(inputs(over));
    expect(verdict.type).toBe('PackageVersionRejected');
    if (verdict.type !== 'PackageVersionRejected') return;
    expect(verdict.data.reason).toBe(reason);
    expect(verdict.data.detail.length).toBeGreaterThan(0);
    expect(verdict.data).toMatchObject({
      submissionId: '0190f5e2-7d1c-7abc-9def-0123456789ab',
      name: 'acme/widgets',
      version: '1.2.0',
    });
  });

  it('covers every reason code of the contracts', () => {
    expect(new Set(cases.map(([reason]) => reason))).toEqual(new Set(rejectionReasons));
  });

  it('a key revoked only after the submission still verifies', () => {
    expect(reasonOf({ key: { ...key, revokedFrom: '2025-06-01T00:00:00.000Z' } })).toBe('verified');
  });

  it('names the most basic fault first: digest before archive, archive before key', () => {
    const broken: StagedArchive = {
      kind: 'read',
      digest: { ...digest, sha256: 'c'.repeat(64) },
      archive: { ok: false, code: 'archive_invalid', detail: 'x' },
    };
    expect(reasonOf({ staged: broken, key: null })).toBe('digest_mismatch');
    expect(reasonOf({ staged: { ...broken, digest }, key: null })).toBe('archive_invalid');
    expect(reasonOf({ key: { ...key, namespaces: ['other'], publicKey: generateSigningKey().publicKey } })).toBe(
      'key_not_authorized',
    );
    expect(
      reasonOf({
        key: { ...key, publicKey: generateSigningKey().publicKey },
        claim: { submissionId: 'x', status: 'pending' },
      }),
    ).toBe('signature_invalid');
  });

  it('caps a hostile detail to what the event schema accepts', () => {
    const verdict = judgeSubmission(
      inputs({
        staged: { kind: 'read', digest, archive: { ok: false, code: 'archive_invalid', detail: 'x'.repeat(50_000) } },
      }),
    );
    expect(verdict.type === 'PackageVersionRejected' && verdict.data.detail.length).toBe(MAX_DETAIL_LENGTH);
  });
});

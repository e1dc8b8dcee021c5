import { normalizePackageName, type EventData } from '@market/contracts';
import { isPackError, parsePackToml, verifyStatement, type ParsedPackToml } from '@market/pack';
import type { PublisherKey } from './publisher-key.js';
import type { StagedArchive } from './staged-archive.js';
import { rejected, type Verdict } from './verdict.js';
import type { VersionClaim } from './version-claim.js';

export interface JudgeInputs {
  submission: EventData<'PackageVersionSubmitted'>;
  /** When the submission was made (its event's occurredAt): revocations are judged against it. */
  submittedAt: string;
  staged: StagedArchive;
  /** The key named by the submission, from verify's read model; null when it is not registered. */
  key: PublisherKey | null;
  /** Another, earlier submission holding this version, if any (rejected ones do not count). */
  claim: VersionClaim | null;
}

const namespaceOf = (name: string) => normalizePackageName(name.slice(0, name.indexOf('/')));

/**
 * The whole decision, as a plain function. Checks run from the bytes outwards (are they what
 * was announced, are they a pack, does the pack say what was announced, who signed it, may they)
 * and the first failure is the reason, so each rejection names the most basic thing wrong.
 */
export function judgeSubmission({ submission, submittedAt, staged, key, claim }: JudgeInputs): Verdict {
  const reject = (reason: Parameters<typeof rejected>[1], detail: string) => rejected(submission, reason, detail);

  if (staged.kind === 'missing') return reject('staging_missing', staged.detail);
  const { digest, archive } = staged;
  if (digest.size !== submission.size) {
    return reject('size_mismatch', `staged archive is ${digest.size} bytes, the submission says ${submission.size}`);
  }
  if (digest.sha256 !== submission.sha256) {
    return reject(
      'digest_mismatch',
      `staged archive has sha256 ${digest.sha256}, the submission says ${submission.sha256}`,
    );
  }
  if (digest.blake3 !== submission.blake3) {
    return reject(
      'digest_mismatch',
      `staged archive has blake3 ${digest.blake3}, the submission says ${submission.blake3}`,
    );
  }
  if (!archive.ok) return reject(archive.code, archive.detail);

  let manifest: ParsedPackToml;
  try {
    manifest = parsePackToml(archive.manifestText);
  } catch (error) {
    if (isPackError(error, 'manifest_invalid')) return reject('manifest_invalid', error.detail);
    throw error;
  }
  if (normalizePackageName(manifest.name) !== normalizePackageName(submission.name)) {
    return reject(
      'manifest_mismatch',
      `pack.toml names "${manifest.name}", the submission is for "${submission.name}"`,
    );
  }
  if (manifest.version !== submission.version) {
    return reject(
      'manifest_mismatch',
      `pack.toml has version ${manifest.version}, the submission is for ${submission.version}`,
    );
  }

  if (key === null) return reject('key_unknown', `key ${submission.keyId} is not registered`);
  const namespace = namespaceOf(submission.name);
  if (!key.namespaces.some((ns) => normalizePackageName(ns) === namespace)) {
    return reject(
      'key_not_authorized',
      `key ${key.keyId} is registered for ${key.namespaces.join(', ')}, not for namespace ${submission.name.slice(0, submission.name.indexOf('/'))}`,
    );
  }
  if (key.revokedFrom !== null && Date.parse(submittedAt) >= Date.parse(key.revokedFrom)) {
    return reject('key_revoked', `key ${key.keyId} is revoked from ${key.revokedFrom}`);
  }
  const statement = {
    name: submission.name,
    version: submission.version,
    sha256: submission.sha256,
    blake3: submission.blake3,
    size: submission.size,
  };
  if (!verifyStatement(key.publicKey, statement, submission.signature)) {
    return reject(
      'signature_invalid',
      `signature does not verify with key ${key.keyId} over ${submission.name}@${submission.version}`,
    );
  }

  if (claim !== null) {
    return reject(
      'version_exists',
      `${submission.name}@${submission.version} is already ${claim.status} (submission ${claim.submissionId})`,
    );
  }

  return {
    type: 'PackageVersionVerified',
    data: {
      submissionId: submission.submissionId,
      name: submission.name,
      version: submission.version,
      sha256: submission.sha256,
      blake3: submission.blake3,
      size: submission.size,
      keyId: submission.keyId,
      signature: submission.signature,
      stagingRef: submission.stagingRef,
      manifest: manifest.manifest,
      files: archive.files.map(({ path, size }) => ({ path, size })),
    },
  };
}

import { relative } from 'node:path';
import type { CommandSpec } from '../args/command-spec.js';
import { flag, stringOption, type CommandContext } from '../command-context.js';
import { usageError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';
import { formatBytes } from '../output/format.js';
import { publishOrder } from '../publish/publish-order.js';
import { readPackDir, type LocalPack } from '../publish/read-pack-dir.js';
import { isMarketError, type Signer, type Submission } from '../sdk.js';

export interface PublishResult {
  dir: string;
  name: string;
  version: string;
  sha256: string;
  blake3: string;
  size: number;
  keyId: string;
  submissionId: string | null;
  /** `skipped`: already published (with --skip-existing). */
  status: 'pending' | 'published' | 'rejected' | 'skipped';
  reason?: string;
  detail?: string;
}

/** What to do about each reason verify gives (libs/contracts' rejection reasons). */
const REJECTION_HINTS: Record<string, string> = {
  signature_invalid: 'sign with the key you registered (--key), and do not edit the pack between pack and publish',
  key_unknown: 'register the key first: market key register --namespace <ns> --owner "<you>"',
  key_revoked: 'this key was revoked: create a new one (market keygen) and have it endorsed',
  key_not_authorized: 'the key is not registered for this namespace: register one that is',
  manifest_invalid: 'fix pack.toml; `market pack` checks it locally',
  archive_invalid: 'the archive broke the safety rules (links, absolute paths, sizes); `market pack` shows the files',
  version_exists: 'name@version is immutable: bump the version in pack.toml',
  digest_mismatch: 'the upload was altered in transit; publish again',
  size_mismatch: 'the upload was cut or altered in transit; publish again',
  manifest_mismatch:
    'pack.toml names another name or version than the one signed; do not edit between pack and publish',
  staging_missing: 'the registry lost the upload before verifying it; publish again',
};

export const publishCommand: CommandSpec = {
  name: 'publish',
  summary: 'pack, sign and upload packs, then follow each submission until it is published or rejected',
  usage: 'market publish [dir...] [--no-wait] [--skip-existing] [--wait-timeout <seconds>]',
  description: [
    'Each directory is packed deterministically; the canonical statement (name, version, SHA-256,',
    'BLAKE3, size) is signed with your Ed25519 key and sent with the archive. Several directories are',
    'published dependencies first. Exit code 7 when verification rejects a pack (the reason is printed).',
  ].join('\n'),
  options: {
    'no-wait': { type: 'boolean', description: 'return once uploaded (status pending)' },
    'skip-existing': { type: 'boolean', description: 'a version that is already published is skipped, not an error' },
    'wait-timeout': { type: 'string', value: 'seconds', description: 'how long to follow submissions (default 300)' },
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  examples: [
    'market publish',
    'market publish examples/base-templates examples/rest-api examples/service-skeleton',
    'market publish my-pack --json',
  ],
  run: async (ctx) => {
    const waitText = stringOption(ctx, 'wait-timeout') ?? '300';
    if (!/^\d+$/.test(waitText) || Number(waitText) < 1)
      throw usageError('--wait-timeout must be a whole number of seconds');
    const dirs = ctx.positionals.length > 0 ? ctx.positionals : ['.'];
    const packs: LocalPack[] = [];
    for (const dir of dirs) packs.push(await readPackDir(ctx.workDir, dir));
    const seen = new Set<string>();
    for (const p of packs) {
      const id = `${p.name.toLowerCase()}@${p.version}`;
      if (seen.has(id)) throw usageError(`${p.name}@${p.version} is given twice`);
      seen.add(id);
    }
    const signer = await ctx.signer();
    const results: PublishResult[] = [];
    for (const pack of publishOrder(packs)) results.push(await upload(ctx, pack, signer));
    if (!flag(ctx, 'no-wait')) await follow(ctx, results, Number(waitText) * 1000);
    const rejected = results.filter((r) => r.status === 'rejected');
    return {
      json: { packs: results },
      human: results.map((r) => renderResult(ctx, r)).join('\n'),
      ...(rejected.length > 0 ? { exitCode: EXIT.rejected } : {}),
    };
  },
};

const upload = async (ctx: CommandContext, pack: LocalPack, signer: Signer): Promise<PublishResult> => {
  const { sha256, blake3, size, bytes } = pack.archive;
  const base = { dir: pack.dir, name: pack.name, version: pack.version, sha256, blake3, size, keyId: signer.keyId };
  const label = `${pack.name}@${pack.version}`;
  const board = ctx.out.progress('uploading', 1);
  try {
    const accepted = await ctx.client().publish({
      archive: bytes,
      statement: { name: pack.name, version: pack.version, sha256, blake3, size },
      signer,
      onProgress: (sent, total) => board?.update(label, label, sent, total, sent === total),
    });
    ctx.out.status(
      `uploaded ${label} (${formatBytes(size)}, sha256 ${sha256.slice(0, 12)}…), submission ${accepted.submissionId}`,
    );
    return { ...base, submissionId: accepted.submissionId, status: 'pending' };
  } catch (error) {
    if (flag(ctx, 'skip-existing') && isMarketError(error, 'version_exists')) {
      ctx.out.status(`skipped ${label}: already published`);
      return { ...base, submissionId: null, status: 'skipped' };
    }
    throw error;
  } finally {
    board?.finish();
  }
};

const follow = async (ctx: CommandContext, results: PublishResult[], timeoutMs: number): Promise<void> => {
  const pending = results.filter((r) => r.status === 'pending' && r.submissionId);
  if (pending.length === 0) return;
  ctx.out.status(`waiting for verification and storage of ${pending.length} submission(s)…`);
  await Promise.all(
    pending.map(async (r) => {
      const final: Submission = await ctx.client().waitForSubmission(r.submissionId!, { timeoutMs });
      r.status = final.status;
      if (final.reason) r.reason = final.reason;
      if (final.detail) r.detail = final.detail;
    }),
  );
};

const renderResult = (ctx: CommandContext, r: PublishResult): string => {
  const where = relative(ctx.io.cwd, r.dir) || '.';
  const label = `${r.name}@${r.version}`;
  switch (r.status) {
    case 'published':
      return `published ${label} from ${where} (sha256 ${r.sha256})`;
    case 'pending':
      return `submitted ${label}: submission ${r.submissionId} is pending (not waiting)`;
    case 'skipped':
      return `skipped ${label}: already published`;
    case 'rejected': {
      const hint = r.reason ? REJECTION_HINTS[r.reason] : undefined;
      return `REJECTED ${label}: ${r.reason ?? 'no reason given'}${r.detail ? ` — ${r.detail}` : ''}${hint ? `\n  hint: ${hint}` : ''}`;
    }
  }
};

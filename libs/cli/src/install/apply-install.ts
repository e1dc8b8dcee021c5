import type { Lockfile } from '../project/lockfile.js';
import { LOCKFILE, renderLockfile } from '../project/lockfile.js';
import { PACKS_DIR } from '../project/project-files.js';
import { PROJECT_MANIFEST, renderProjectManifest, type ProjectManifest } from '../project/project-manifest.js';
import type { Output } from '../output/output.js';
import { mapWithConcurrency, type ArchiveRef, type FetchedArchive, type MarketplaceClient } from '../sdk.js';
import { diffLockfiles, type LockDiff } from './lock-diff.js';
import { extractVerified } from './extract-verified.js';
import { stageAndSwap } from './stage-and-swap.js';

export interface InstalledPack {
  name: string;
  version: string;
  sha256: string;
  keyId: string;
  source: 'cache' | 'download';
}

export interface InstallReport extends LockDiff {
  packages: InstalledPack[];
  downloaded: number;
  fromCache: number;
  bytesDownloaded: number;
  lockfile: string;
  packsDir: string;
}

export interface ApplyInput {
  client: MarketplaceClient;
  out: Output;
  projectDir: string;
  concurrency: number;
  target: Lockfile;
  previous: Lockfile | undefined;
  /** Written along with the lock when the command changed the requirements. */
  manifest?: ProjectManifest;
}

/**
 * Brings `market_packs` to exactly `target`: checks every signature against its publisher's
 * registered key, fetches archives into the verified cache (in parallel, with progress bars
 * on a terminal), extracts them all into a staging directory, then swaps it in together with
 * market.lock (and market.toml). Any failure leaves the previous installation untouched.
 */
export const applyInstall = async (input: ApplyInput): Promise<InstallReport> => {
  const { client, out, projectDir, concurrency, target, previous, manifest } = input;
  const refs: ArchiveRef[] = Object.entries(target.packages)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, p]) => ({
      name,
      version: p.version,
      sha256: p.sha256,
      blake3: p.blake3,
      size: p.size,
      keyId: p.keyId,
      signature: p.signature,
    }));

  await mapWithConcurrency(refs, concurrency, (ref) => client.verifySignature(ref));
  out.debug(`verified ${refs.length} signatures against their publishers' keys`);

  const board = out.progress('downloading', refs.length);
  let fetched: FetchedArchive[];
  try {
    fetched = await mapWithConcurrency(refs, concurrency, (ref) =>
      client.fetchArchive(ref, (p) =>
        board?.update(`${p.name}@${p.version}`, `${p.name}@${p.version}`, p.received, p.total, p.done),
      ),
    );
  } finally {
    board?.finish();
  }

  const files: Record<string, string> = { [LOCKFILE]: renderLockfile(target) };
  if (manifest) files[PROJECT_MANIFEST] = renderProjectManifest(manifest);
  await stageAndSwap({
    projectDir,
    packsDirName: PACKS_DIR,
    files,
    build: async (staging) => {
      await mapWithConcurrency(fetched, concurrency, (f) =>
        extractVerified(staging, f.name, target.packages[f.name]!, f.path),
      );
    },
  });

  const downloaded = fetched.filter((f) => f.source === 'download');
  return {
    ...diffLockfiles(previous, target),
    packages: fetched.map((f) => ({
      name: f.name,
      version: f.version,
      sha256: f.sha256,
      keyId: target.packages[f.name]!.keyId,
      source: f.source,
    })),
    downloaded: downloaded.length,
    fromCache: fetched.length - downloaded.length,
    bytesDownloaded: downloaded.reduce((sum, f) => sum + target.packages[f.name]!.size, 0),
    lockfile: LOCKFILE,
    packsDir: PACKS_DIR,
  };
};

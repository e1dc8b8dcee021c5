import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StageAndSwapInput {
  projectDir: string;
  /** The directory the packs end up in (`market_packs`). */
  packsDirName: string;
  /** Fills the staging directory; any failure leaves the current installation as it was. */
  build: (stagingDir: string) => Promise<void>;
  /** Files written next to the packs once they are in place (market.lock, market.toml). */
  files: Record<string, string>;
}

/**
 * Installs by building the whole new `market_packs` in a sibling staging directory and only
 * then swapping it in with renames (same filesystem, so each rename is atomic). A failure
 * before the swap removes the staging directory and nothing else: the previous packs, lockfile
 * and manifest stay exactly as they were.
 */
export const stageAndSwap = async (input: StageAndSwapInput): Promise<void> => {
  const { projectDir, packsDirName, build, files } = input;
  await removeLeftovers(projectDir, packsDirName);
  const staging = await mkdtemp(join(projectDir, `.${packsDirName}.staging-`));
  const token = randomBytes(6).toString('hex');
  const temps = Object.keys(files).map((name) => ({ name, temp: join(projectDir, `.${name}.tmp-${token}`) }));
  try {
    await build(staging);
    for (const { name, temp } of temps) await writeFile(temp, files[name]!, { flag: 'wx', mode: 0o644 });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    await Promise.all(temps.map(({ temp }) => rm(temp, { force: true })));
    throw error;
  }
  const target = join(projectDir, packsDirName);
  const old = join(projectDir, `.${packsDirName}.old-${token}`);
  const hadPrevious = await rename(target, old).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
  try {
    await rename(staging, target);
  } catch (error) {
    if (hadPrevious) await rename(old, target);
    await rm(staging, { recursive: true, force: true });
    await Promise.all(temps.map(({ temp }) => rm(temp, { force: true })));
    throw error;
  }
  for (const { name, temp } of temps) await rename(temp, join(projectDir, name));
  if (hadPrevious) await rm(old, { recursive: true, force: true });
};

/** An install killed half-way leaves `.market_packs.old-*` (safe to drop) and staging dirs. */
const removeLeftovers = async (projectDir: string, packsDirName: string): Promise<void> => {
  const entries = await readdir(projectDir).catch(() => [] as string[]);
  await Promise.all(
    entries
      .filter((e) => e.startsWith(`.${packsDirName}.old-`))
      .map((e) => rm(join(projectDir, e), { recursive: true, force: true })),
  );
};

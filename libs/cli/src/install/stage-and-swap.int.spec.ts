import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, type TempDir } from '@market/testing';
import { stageAndSwap } from './stage-and-swap.js';

const tree = (dir: string): Record<string, string> => {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
};

describe('stageAndSwap (real files)', () => {
  let dir: TempDir;
  afterEach(() => dir.remove());

  const previous = () => {
    dir = tempDir('market-swap');
    mkdirSync(join(dir.path, 'market_packs', 'acme', 'old'), { recursive: true });
    writeFileSync(join(dir.path, 'market_packs', 'acme', 'old', 'pack.toml'), 'old');
    writeFileSync(join(dir.path, 'market.lock'), 'old lock');
    writeFileSync(join(dir.path, 'market.toml'), 'old manifest');
    return tree(dir.path);
  };

  it('replaces the packs, the lock and the manifest together', async () => {
    previous();
    await stageAndSwap({
      projectDir: dir.path,
      packsDirName: 'market_packs',
      files: { 'market.lock': 'new lock', 'market.toml': 'new manifest' },
      build: async (staging) => {
        mkdirSync(join(staging, 'acme', 'new'), { recursive: true });
        writeFileSync(join(staging, 'acme', 'new', 'pack.toml'), 'new');
      },
    });
    expect(tree(dir.path)).toEqual({
      'market.lock': 'new lock',
      'market.toml': 'new manifest',
      'market_packs/acme/new/pack.toml': 'new',
    });
  });

  it('leaves the previous installation byte for byte as it was when building fails half-way', async () => {
    const before = previous();
    const failure = await stageAndSwap({
      projectDir: dir.path,
      packsDirName: 'market_packs',
      files: { 'market.lock': 'new lock' },
      build: async (staging) => {
        mkdirSync(join(staging, 'acme', 'half'), { recursive: true });
        writeFileSync(join(staging, 'acme', 'half', 'pack.toml'), 'half');
        throw new Error('signature_invalid: the third pack');
      },
    }).catch((e: unknown) => e);
    expect((failure as Error).message).toMatch(/third pack/);
    expect(tree(dir.path)).toEqual(before);
  });

  it('works for a first install, and cleans the old tree left by an interrupted one', async () => {
    dir = tempDir('market-swap');
    mkdirSync(join(dir.path, '.market_packs.old-abc', 'x'), { recursive: true });
    await stageAndSwap({
      projectDir: dir.path,
      packsDirName: 'market_packs',
      files: { 'market.lock': '{}' },
      build: async () => {},
    });
    expect(readdirSync(dir.path).sort()).toEqual(['market.lock', 'market_packs']);
  });
});

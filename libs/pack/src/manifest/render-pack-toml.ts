import type { PackManifest } from '@market/contracts';
import { stringify } from 'smol-toml';
import { parsePackToml } from './parse-pack-toml.js';

export type PackTomlInput = { name: string; version: string } & Partial<PackManifest>;

/**
 * Writes a `pack.toml` (the CLI's `init` scaffolds with it). The text is parsed back before it
 * is returned, so what this renders is always something parsePackToml accepts; bad input
 * throws the same `manifest_invalid` error a hand-written file would.
 */
export const renderPackToml = (input: PackTomlInput): string => {
  const pack: Record<string, string | string[]> = {
    name: input.name,
    version: input.version,
    description: input.description ?? '',
    license: input.license ?? 'UNLICENSED',
    authors: input.authors ?? [],
  };
  if (input.categories?.length) pack.categories = input.categories;
  if (input.keywords?.length) pack.keywords = input.keywords;
  if (input.homepage !== undefined) pack.homepage = input.homepage;
  if (input.repository !== undefined) pack.repository = input.repository;
  const text = `${stringify({ pack, dependencies: { ...input.dependencies } }).trimEnd()}\n`;
  parsePackToml(text);
  return text;
};

import { distTagSchema, packageNameSchema, semverSchema } from '@market/contracts';
import { MarketError } from '../errors/market-error.js';

const invalid = (detail: string) => new MarketError('invalid_argument', 0, detail);

/** `ns/name` → `ns/name` as two escaped path segments (the routes take the name as two segments). */
export const packagePath = (name: string): string => {
  if (!packageNameSchema.safeParse(name).success) throw invalid(`"${name}" is not a package name (namespace/name)`);
  const [ns, local] = name.split('/') as [string, string];
  return `${encodeURIComponent(ns)}/${encodeURIComponent(local)}`;
};

export const versionSegment = (version: string): string => {
  if (!semverSchema.safeParse(version).success) throw invalid(`"${version}" is not a semantic version`);
  return encodeURIComponent(version);
};

export const tagSegment = (tag: string): string => {
  if (!distTagSchema.safeParse(tag).success)
    throw invalid(`"${tag}" is not a dist-tag name (lowercase, starts with a letter)`);
  return encodeURIComponent(tag);
};

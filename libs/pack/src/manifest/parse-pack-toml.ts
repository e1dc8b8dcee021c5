import {
  manifestSchema,
  normalizePackageName,
  packageNameSchema,
  semverSchema,
  type PackManifest,
} from '@market/contracts';
import semver from 'semver';
import { parse, TomlError } from 'smol-toml';
import { ManifestInvalidError } from '../errors/pack-error.js';

export interface ParsedPackToml {
  name: string;
  version: string;
  manifest: PackManifest;
}

export const MAX_PACK_TOML_BYTES = 256 * 1024;

const PACK_KEYS = new Set([
  'name',
  'version',
  'description',
  'license',
  'authors',
  'categories',
  'keywords',
  'homepage',
  'repository',
]);
const HOMEPAGE_PROTOCOLS = new Set(['http:', 'https:']);
const REPOSITORY_PROTOCOLS = new Set(['http:', 'https:', 'git:', 'ssh:', 'git+https:', 'git+ssh:']);

type Table = Record<string, unknown>;

const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/**
 * Parses and validates `pack.toml`. Strict on purpose: unknown keys are errors, so a typo such
 * as `licence` or `[dependency]` fails loudly instead of publishing a pack without it.
 */
export const parsePackToml = (text: string): ParsedPackToml => {
  if (Buffer.byteLength(text, 'utf8') > MAX_PACK_TOML_BYTES) {
    throw new ManifestInvalidError(`pack.toml is larger than ${MAX_PACK_TOML_BYTES} bytes`);
  }
  let doc: Table;
  try {
    doc = parse(text);
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'syntax error';
      throw new ManifestInvalidError(`pack.toml line ${error.line}, column ${error.column}: ${reason}`, {
        cause: error,
      });
    }
    throw new ManifestInvalidError('pack.toml is not valid TOML', { cause: error });
  }

  for (const key of Object.keys(doc)) {
    if (key !== 'pack' && key !== 'dependencies') throw new ManifestInvalidError(`unknown top-level key "${key}"`);
  }
  const pack = doc.pack;
  if (!isTable(pack)) throw new ManifestInvalidError('missing [pack] table');
  for (const key of Object.keys(pack)) {
    if (!PACK_KEYS.has(key)) throw new ManifestInvalidError(`unknown key "pack.${key}"`);
  }

  const name = requiredString(pack, 'name');
  if (!packageNameSchema.safeParse(name).success) {
    throw new ManifestInvalidError(`pack.name "${name}" must be namespace/name (letters, digits, "-", "_", ".")`);
  }
  const version = requiredString(pack, 'version');
  if (!semverSchema.safeParse(version).success) {
    throw new ManifestInvalidError(`pack.version "${version}" must be a semantic version such as 1.0.0`);
  }

  const candidate = {
    description: optionalString(pack, 'description') ?? '',
    license: requiredString(pack, 'license'),
    authors: stringArray(pack, 'authors'),
    categories: stringArray(pack, 'categories'),
    keywords: stringArray(pack, 'keywords'),
    homepage: optionalUrl(pack, 'homepage', HOMEPAGE_PROTOCOLS),
    repository: optionalUrl(pack, 'repository', REPOSITORY_PROTOCOLS),
    dependencies: dependencies(doc.dependencies, name),
  };
  if (candidate.license.trim() === '') throw new ManifestInvalidError('pack.license must not be empty');
  if (candidate.homepage === undefined) delete candidate.homepage;
  if (candidate.repository === undefined) delete candidate.repository;

  const checked = manifestSchema.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const path = issue?.path ?? [];
    const field = (path[0] === 'dependencies' ? path : ['pack', ...path])
      .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
      .join('');
    throw new ManifestInvalidError(`${field}: ${issue?.message ?? 'invalid'}`);
  }
  return { name, version, manifest: checked.data };
};

const requiredString = (table: Table, key: string): string => {
  const value = table[key];
  if (value === undefined) throw new ManifestInvalidError(`pack.${key} is required`);
  if (typeof value !== 'string') throw new ManifestInvalidError(`pack.${key} must be a string`);
  return value;
};

const optionalString = (table: Table, key: string): string | undefined =>
  table[key] === undefined ? undefined : requiredString(table, key);

const stringArray = (table: Table, key: string): string[] => {
  const value = table[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ManifestInvalidError(`pack.${key} must be an array of strings`);
  return value.map((item, index) => {
    if (typeof item !== 'string') throw new ManifestInvalidError(`pack.${key}[${index}] must be a string`);
    return item;
  });
};

const optionalUrl = (table: Table, key: string, protocols: Set<string>): string | undefined => {
  const value = optionalString(table, key);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ManifestInvalidError(`pack.${key} "${value}" is not a URL`);
  }
  if (!protocols.has(url.protocol)) {
    throw new ManifestInvalidError(`pack.${key} must use one of ${[...protocols].join(' ')} (got ${url.protocol})`);
  }
  return value;
};

const dependencies = (value: unknown, self: string): Record<string, string> => {
  if (value === undefined) return {};
  if (!isTable(value)) throw new ManifestInvalidError('[dependencies] must be a table of name = "range"');
  const seen = new Map<string, string>();
  const result: Record<string, string> = {};
  for (const [dependency, range] of Object.entries(value)) {
    const field = `dependencies."${dependency}"`;
    if (!packageNameSchema.safeParse(dependency).success) {
      throw new ManifestInvalidError(`${field}: "${dependency}" is not a namespace/name package name`);
    }
    const normalized = normalizePackageName(dependency);
    if (normalized === normalizePackageName(self))
      throw new ManifestInvalidError(`${field}: a pack cannot depend on itself`);
    const earlier = seen.get(normalized);
    if (earlier !== undefined) throw new ManifestInvalidError(`${field}: same package as "${earlier}"`);
    seen.set(normalized, dependency);
    if (typeof range !== 'string') throw new ManifestInvalidError(`${field} must be a version range string`);
    if (range.trim() === '') throw new ManifestInvalidError(`${field}: empty range (write "*" for any version)`);
    if (range.length > 200 || semver.validRange(range) === null) {
      throw new ManifestInvalidError(`${field}: "${range}" is not a valid semver range`);
    }
    result[dependency] = range;
  }
  return result;
};

import { normalizePackageName, packageNameSchema } from '@market/contracts';
import semver from 'semver';
import { parse, stringify, TomlError } from 'smol-toml';
import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';

/** `market.toml`: the packs a project wants, by name and semver range. */
export interface ProjectManifest {
  dependencies: Record<string, string>;
}

export const PROJECT_MANIFEST = 'market.toml';

const invalid = (detail: string) =>
  new CliError(
    'project_manifest_invalid',
    `${PROJECT_MANIFEST}: ${detail}`,
    EXIT.localFile,
    'fix market.toml: it holds one [dependencies] table of "namespace/name" = "range"',
  );

const isTable = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Strict, like pack.toml: a typo (`[dependency]`) fails instead of installing nothing. */
export const parseProjectManifest = (text: string): ProjectManifest => {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text);
  } catch (error) {
    if (error instanceof TomlError)
      throw invalid(`line ${error.line}, column ${error.column}: ${error.message.split('\n')[0]}`);
    throw invalid('not valid TOML');
  }
  for (const key of Object.keys(doc)) if (key !== 'dependencies') throw invalid(`unknown top-level key "${key}"`);
  const table = doc.dependencies ?? {};
  if (!isTable(table)) throw invalid('[dependencies] must be a table of "namespace/name" = "range"');
  const seen = new Map<string, string>();
  const dependencies: Record<string, string> = {};
  for (const [name, range] of Object.entries(table)) {
    if (!packageNameSchema.safeParse(name).success) throw invalid(`"${name}" is not a namespace/name package name`);
    const normalized = normalizePackageName(name);
    const earlier = seen.get(normalized);
    if (earlier !== undefined) throw invalid(`"${name}" is the same package as "${earlier}"`);
    seen.set(normalized, name);
    if (typeof range !== 'string' || range.length > 200 || semver.validRange(range) === null) {
      throw invalid(`"${name}" = ${JSON.stringify(range)} is not a semver range`);
    }
    dependencies[name] = range;
  }
  return { dependencies };
};

/** Sorted, so the file only changes where the dependencies do. */
export const renderProjectManifest = (manifest: ProjectManifest): string => {
  const sorted = Object.fromEntries(
    Object.entries(manifest.dependencies).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const body = stringify({ dependencies: sorted }).trimEnd();
  return `# Packs this project installs; \`market install <name>\` and \`market uninstall <name>\` edit it.\n${body}\n`;
};

/** Adds or replaces a requirement, keeping the spelling already used for the same package. */
export const withDependency = (manifest: ProjectManifest, name: string, range: string): ProjectManifest => {
  const existing = Object.keys(manifest.dependencies).find(
    (n) => normalizePackageName(n) === normalizePackageName(name),
  );
  const dependencies = { ...manifest.dependencies };
  if (existing !== undefined) delete dependencies[existing];
  dependencies[existing ?? name] = range;
  return { dependencies };
};

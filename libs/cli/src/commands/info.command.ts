import semver from 'semver';
import type { CommandSpec } from '../args/command-spec.js';
import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';
import { formatBytes } from '../output/format.js';
import { parseRequirement } from '../project/package-requirement.js';
import { isMarketError, type KeyView, type PackageView, type VersionView } from '../sdk.js';

export const infoCommand: CommandSpec = {
  name: 'info',
  summary: 'show a pack: versions, dist-tags, dependencies, signer key, yanks, deprecations, publish times',
  usage: 'market info <name>[@version|@tag]',
  options: {
    'as-of': {
      type: 'string',
      value: 'time',
      description: 'the registry as it was at an ISO time (e.g. 2025-01-31T12:00:00Z)',
    },
  },
  positionals: { min: 1, max: 1 },
  examples: [
    'market info demo/rest-api',
    'market info demo/rest-api@1.0.0 --json',
    'market info demo/rest-api --as-of 2025-01-31T12:00:00Z',
  ],
  run: async (ctx) => {
    const requirement = parseRequirement(ctx.positionals[0]!);
    const client = ctx.client();
    const asOf = typeof ctx.options['as-of'] === 'string' ? ctx.options['as-of'] : undefined;
    const pkg = await client.getPackage(requirement.name, { asOf });
    let selectedVersion: string | undefined;
    if (requirement.spec?.kind === 'tag') selectedVersion = pkg.distTags[requirement.spec.tag];
    else if (requirement.spec?.kind === 'range')
      selectedVersion =
        semver.maxSatisfying(
          pkg.versions.map((v) => v.version),
          requirement.spec.range,
        ) ?? undefined;
    else selectedVersion = pkg.latest ?? pkg.versions.at(-1)?.version;
    const selected = pkg.versions.find((v) => v.version === selectedVersion);
    if (!selected)
      throw new CliError(
        'version_not_found',
        `${requirement.name} has no version ${ctx.positionals[0]!.split('@')[1] ?? ''}`.trim(),
        EXIT.notFound,
        `versions: ${pkg.versions.map((v) => v.version).join(', ')}`,
      );
    let signer: KeyView | null = null;
    try {
      signer = await client.getKey(selected.keyId);
    } catch (error) {
      if (!isMarketError(error) || error.status !== 404) throw error;
    }
    return { json: { package: pkg, selected, signer }, human: renderInfo(pkg, selected, signer) };
  },
};

const renderInfo = (pkg: PackageView, v: VersionView, signer: KeyView | null): string => {
  const lines = [
    `${pkg.name}@${v.version}${pkg.latest === v.version ? ' (latest)' : ''}${pkg.asOf ? `  as of ${pkg.asOf}` : ''}`,
  ];
  if (v.description) lines.push(`  ${v.description}`);
  if (v.yanked) lines.push(`  YANKED${v.yankedReason ? `: ${v.yankedReason}` : ''}`);
  if (v.deprecated !== null) lines.push(`  DEPRECATED${v.deprecated ? `: ${v.deprecated}` : ''}`);
  const meta: [string, string | undefined][] = [
    ['license', v.license],
    ['authors', v.authors?.join(', ')],
    ['categories', v.categories?.join(', ')],
    ['keywords', v.keywords?.join(', ')],
    ['homepage', v.homepage],
    ['repository', v.repository],
    ['published', v.publishedAt],
    ['size', formatBytes(v.size)],
    ['sha256', v.sha256],
    ['blake3', v.blake3],
    [
      'signed by',
      signer
        ? `key ${v.keyId} (${signer.owner}; namespaces ${signer.namespaces.join(', ')})`
        : `key ${v.keyId} (not registered!)`,
    ],
  ];
  for (const [k, value] of meta) if (value) lines.push(`  ${k.padEnd(11)} ${value}`);
  const deps = Object.entries(v.dependencies);
  lines.push(`  dependencies${deps.length ? '' : ' none'}`);
  for (const [name, range] of deps) lines.push(`    ${name} ${range}`);
  const tags = Object.entries(pkg.distTags);
  lines.push(`dist-tags: ${tags.length ? tags.map(([t, ver]) => `${t}=${ver}`).join(' ') : 'none'}`);
  lines.push(`versions (${pkg.versions.length}):`);
  for (const ver of pkg.versions) {
    const flags = [
      ver.yanked ? `yanked${ver.yankedReason ? ` (${ver.yankedReason})` : ''}` : '',
      ver.deprecated !== null ? `deprecated${ver.deprecated ? ` (${ver.deprecated})` : ''}` : '',
    ].filter(Boolean);
    lines.push(`  ${ver.version.padEnd(14)} ${ver.publishedAt}  ${flags.join(', ')}`.trimEnd());
  }
  return lines.join('\n');
};

import type { CommandSpec } from '../args/command-spec.js';
import { flag } from '../command-context.js';
import { CliError, usageError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';
import { applyInstall } from '../install/apply-install.js';
import { checkLockAgainstRegistry } from '../install/check-lock-against-registry.js';
import { planFromRegistry } from '../install/plan-from-registry.js';
import { installReportJson, renderInstallReport } from '../install/render-install-report.js';
import { lockProblems } from '../project/lock-consistency.js';
import { parseRequirement } from '../project/package-requirement.js';
import { readProject } from '../project/project-files.js';
import { withDependency, type ProjectManifest } from '../project/project-manifest.js';
import type { Lockfile } from '../project/lockfile.js';
import type { MarketplaceClient } from '../sdk.js';

export const installCommand: CommandSpec = {
  name: 'install',
  summary: 'install packs and their dependencies into market_packs/, verified, with a lockfile',
  usage: 'market install [name[@range|@tag]...] [--frozen]',
  description: [
    'With names: adds them to market.toml (with ^<latest> when no range is given) and installs.',
    'Without names: installs market.toml, keeping the versions in market.lock while they still fit.',
    'Every archive is checked before anything changes: its publisher key is registered for its',
    'namespace, the Ed25519 signature covers name, version, SHA-256, BLAKE3 and size, and the',
    'bytes match both digests. Archives are cached by digest, so a second install downloads nothing.',
    'A failed install leaves market_packs/, market.lock and market.toml as they were.',
  ].join('\n'),
  options: {
    frozen: {
      type: 'boolean',
      description: 'install exactly market.lock; fail (exit 8) if it does not match market.toml',
    },
  },
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  examples: [
    'market install demo/rest-api',
    'market install demo/base-templates@^1.0.0 demo/rest-api@beta',
    'market install',
    'market install --frozen --json',
  ],
  run: async (ctx) => {
    const frozen = flag(ctx, 'frozen');
    if (frozen && ctx.positionals.length > 0)
      throw usageError('--frozen installs the lockfile as it is: it takes no package names');
    const project = await readProject(ctx.workDir);
    const client = ctx.client();
    let target: Lockfile;
    let manifest: ProjectManifest | undefined;
    if (ctx.positionals.length > 0) {
      manifest = project.manifest;
      for (const text of ctx.positionals) {
        const requirement = parseRequirement(text);
        manifest = withDependency(manifest, requirement.name, await rangeFor(client, requirement));
      }
      ctx.out.status(`resolving ${Object.keys(manifest.dependencies).length} requirement(s) with ${ctx.settings.url}`);
      target = await planFromRegistry(client, manifest.dependencies, {
        pins: pinsOf(project.lock),
        dropPinsOnConflict: true,
        warn: (w) => ctx.out.warn(w),
      });
    } else if (frozen) {
      if (!project.lock)
        throw new CliError(
          'lockfile_missing',
          'no market.lock in this project',
          EXIT.localFile,
          'run `market install` once to write it, and commit it',
        );
      const problems = lockProblems(project.lock, project.manifest.dependencies);
      if (problems.length > 0) {
        throw new CliError(
          'lockfile_outdated',
          `market.lock does not match market.toml: ${problems.join('; ')}`,
          EXIT.localFile,
          'run `market install` to update market.lock, then commit it',
          { problems },
        );
      }
      target = project.lock;
      for (const w of await checkLockAgainstRegistry(client, target, ctx.settings.concurrency)) ctx.out.warn(w);
    } else if (project.lock && lockProblems(project.lock, project.manifest.dependencies).length === 0) {
      target = project.lock;
      for (const w of await checkLockAgainstRegistry(client, target, ctx.settings.concurrency)) ctx.out.warn(w);
    } else {
      if (!project.manifestExists) {
        throw new CliError(
          'project_manifest_missing',
          `no market.toml in ${ctx.workDir}`,
          EXIT.localFile,
          'name what to install: market install <namespace/name>',
        );
      }
      ctx.out.status(
        `resolving ${Object.keys(project.manifest.dependencies).length} requirement(s) with ${ctx.settings.url}`,
      );
      target = await planFromRegistry(client, project.manifest.dependencies, {
        pins: pinsOf(project.lock),
        dropPinsOnConflict: true,
        warn: (w) => ctx.out.warn(w),
      });
    }
    const report = await applyInstall({
      client,
      out: ctx.out,
      projectDir: ctx.workDir,
      concurrency: ctx.settings.concurrency,
      target,
      previous: project.lock,
      manifest,
    });
    return { json: installReportJson(report, { frozen }), human: renderInstallReport(report) };
  },
};

export const pinsOf = (lock: Lockfile | undefined, except: ReadonlySet<string> = new Set()): Record<string, string> =>
  Object.fromEntries(
    Object.entries(lock?.packages ?? {})
      .filter(([name]) => !except.has(name))
      .map(([name, p]) => [name, p.version]),
  );

/** What to write into market.toml for a name typed on the command line. */
const rangeFor = async (
  client: MarketplaceClient,
  requirement: ReturnType<typeof parseRequirement>,
): Promise<string> => {
  if (requirement.spec?.kind === 'range') return requirement.spec.range;
  const pkg = await client.getPackage(requirement.name);
  if (requirement.spec?.kind === 'tag') {
    const version = pkg.distTags[requirement.spec.tag];
    if (!version) {
      const tags = Object.keys(pkg.distTags).join(', ') || 'none';
      throw new CliError(
        'dist_tag_not_found',
        `${requirement.name} has no dist-tag "${requirement.spec.tag}" (tags: ${tags})`,
        EXIT.notFound,
      );
    }
    return `^${version}`;
  }
  if (!pkg.latest)
    throw new CliError(
      'no_installable_version',
      `${requirement.name} has no installable version (all yanked?)`,
      EXIT.notFound,
      `see: market info ${requirement.name}`,
    );
  return `^${pkg.latest}`;
};

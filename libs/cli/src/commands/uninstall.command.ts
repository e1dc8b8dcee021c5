import { normalizePackageName } from '@market/contracts';
import type { CommandSpec } from '../args/command-spec.js';
import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';
import { applyInstall } from '../install/apply-install.js';
import { planFromRegistry } from '../install/plan-from-registry.js';
import { installReportJson, renderInstallReport } from '../install/render-install-report.js';
import { pruneLockfile } from '../project/lock-consistency.js';
import { parsePackageName } from '../project/package-requirement.js';
import { readProject } from '../project/project-files.js';
import { pinsOf } from './install.command.js';

export const uninstallCommand: CommandSpec = {
  name: 'uninstall',
  summary: 'remove packs from market.toml and market_packs/ (dependencies nothing else needs go too)',
  usage: 'market uninstall <name>...',
  options: {},
  positionals: { min: 1, max: Number.POSITIVE_INFINITY },
  examples: ['market uninstall demo/rest-api'],
  run: async (ctx) => {
    const project = await readProject(ctx.workDir);
    const dependencies = { ...project.manifest.dependencies };
    for (const text of ctx.positionals) {
      const name = normalizePackageName(parsePackageName(text));
      const spelled = Object.keys(dependencies).find((n) => normalizePackageName(n) === name);
      if (spelled === undefined) {
        throw new CliError(
          'not_a_dependency',
          `${text} is not in market.toml`,
          EXIT.notFound,
          'only direct dependencies can be uninstalled; see `market list`',
        );
      }
      delete dependencies[spelled];
    }
    const client = ctx.client();
    // Keep every remaining version as locked: removing a pack must not upgrade the others.
    const target = project.lock
      ? pruneLockfile(project.lock, dependencies)
      : await planFromRegistry(client, dependencies, { pins: pinsOf(project.lock), dropPinsOnConflict: true });
    const report = await applyInstall({
      client,
      out: ctx.out,
      projectDir: ctx.workDir,
      concurrency: ctx.settings.concurrency,
      target,
      previous: project.lock,
      manifest: { dependencies },
    });
    return { json: installReportJson(report), human: renderInstallReport(report, 'uninstall') };
  },
};

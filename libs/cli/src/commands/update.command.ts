import { normalizePackageName } from '@market/contracts';
import type { CommandSpec } from '../args/command-spec.js';
import { CliError } from '../errors/cli-error.js';
import { EXIT } from '../errors/exit-codes.js';
import { applyInstall } from '../install/apply-install.js';
import { planFromRegistry } from '../install/plan-from-registry.js';
import { installReportJson, renderInstallReport } from '../install/render-install-report.js';
import { parsePackageName } from '../project/package-requirement.js';
import { readProject } from '../project/project-files.js';
import { pinsOf } from './install.command.js';

export const updateCommand: CommandSpec = {
  name: 'update',
  summary: 'move packs to the newest versions market.toml allows, and rewrite market.lock',
  usage: 'market update [name...]',
  description: 'Without names every pack may move. With names only those move; the rest keep their locked versions.',
  options: {},
  positionals: { min: 0, max: Number.POSITIVE_INFINITY },
  examples: ['market update', 'market update demo/base-templates'],
  run: async (ctx) => {
    const project = await readProject(ctx.workDir);
    if (!project.manifestExists)
      throw new CliError(
        'project_manifest_missing',
        `no market.toml in ${ctx.workDir}`,
        EXIT.localFile,
        'install something first: market install <name>',
      );
    const names = new Set(ctx.positionals.map((t) => normalizePackageName(parsePackageName(t))));
    for (const name of names) {
      if (!project.lock?.packages[name])
        throw new CliError('not_installed', `${name} is not installed`, EXIT.notFound, 'see `market list`');
    }
    const pins = names.size === 0 ? {} : pinsOf(project.lock, names);
    ctx.out.status(`resolving with ${ctx.settings.url}`);
    const target = await planFromRegistry(ctx.client(), project.manifest.dependencies, {
      pins,
      dropPinsOnConflict: false,
      warn: (w) => ctx.out.warn(w),
    });
    const report = await applyInstall({
      client: ctx.client(),
      out: ctx.out,
      projectDir: ctx.workDir,
      concurrency: ctx.settings.concurrency,
      target,
      previous: project.lock,
    });
    return { json: installReportJson(report), human: renderInstallReport(report, 'update') };
  },
};

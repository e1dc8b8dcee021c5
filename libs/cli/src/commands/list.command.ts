import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizePackageName } from '@market/contracts';
import type { CommandSpec } from '../args/command-spec.js';
import { table } from '../output/format.js';
import { PACKS_DIR, readProject } from '../project/project-files.js';

export const listCommand: CommandSpec = {
  name: 'list',
  summary: 'list the installed packs (from market.lock), direct dependencies first',
  usage: 'market list',
  options: {},
  positionals: { min: 0, max: 0 },
  examples: ['market list', 'market list --json'],
  run: async (ctx) => {
    const project = await readProject(ctx.workDir);
    const direct = new Map(Object.entries(project.manifest.dependencies).map(([n, r]) => [normalizePackageName(n), r]));
    const rows = await Promise.all(
      Object.entries(project.lock?.packages ?? {}).map(async ([name, p]) => {
        const [ns, local] = name.split('/') as [string, string];
        const installed =
          (await stat(join(ctx.workDir, PACKS_DIR, ns, local)).catch(() => undefined))?.isDirectory() ?? false;
        return {
          name,
          version: p.version,
          direct: direct.has(name),
          range: direct.get(name) ?? null,
          keyId: p.keyId,
          sha256: p.sha256,
          installed,
          path: join(PACKS_DIR, ns, local),
        };
      }),
    );
    rows.sort((a, b) => Number(b.direct) - Number(a.direct) || (a.name < b.name ? -1 : 1));
    const human =
      rows.length === 0
        ? 'no packs installed (market install <name>)'
        : table(
            ['NAME', 'VERSION', 'WANTED BY', 'STATE'],
            rows.map((r) => [
              r.name,
              r.version,
              r.direct ? `market.toml ${r.range}` : 'dependency',
              r.installed ? 'installed' : 'missing: run market install',
            ]),
          );
    return { json: { packages: rows }, human };
  },
};

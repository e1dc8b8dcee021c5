import { normalizePackageName } from '@market/contracts';
import semver from 'semver';
import type { CommandSpec } from '../args/command-spec.js';
import { table } from '../output/format.js';
import { readProject } from '../project/project-files.js';
import { mapWithConcurrency } from '../sdk.js';

export interface OutdatedRow {
  name: string;
  current: string;
  /** Highest non-yanked version every range on this pack allows (what `market update` would pick for it alone). */
  wanted: string | null;
  /** The `latest` dist-tag. */
  latest: string | null;
  direct: boolean;
}

export const outdatedCommand: CommandSpec = {
  name: 'outdated',
  summary: 'show installed packs with newer versions: wanted (fits the ranges) and latest',
  usage: 'market outdated',
  options: {},
  positionals: { min: 0, max: 0 },
  examples: ['market outdated', 'market outdated --json'],
  run: async (ctx) => {
    const project = await readProject(ctx.workDir);
    const lock = project.lock;
    if (!lock) return { json: { outdated: [] }, human: 'nothing installed yet (no market.lock)' };
    const client = ctx.client();
    const ranges = new Map<string, string[]>();
    const add = (name: string, range: string) => ranges.set(name, [...(ranges.get(name) ?? []), range]);
    for (const [name, range] of Object.entries(project.manifest.dependencies)) add(normalizePackageName(name), range);
    for (const pkg of Object.values(lock.packages))
      for (const [dep, range] of Object.entries(pkg.dependencies)) add(dep, range);
    const direct = new Set(Object.keys(project.manifest.dependencies).map(normalizePackageName));
    const rows = await mapWithConcurrency(
      Object.entries(lock.packages),
      ctx.settings.concurrency,
      async ([name, locked]): Promise<OutdatedRow> => {
        const view = await client.getPackage(name);
        const candidates = view.versions.filter((v) => !v.yanked).map((v) => v.version);
        const wanted = semver.maxSatisfying(
          candidates.filter((v) => (ranges.get(name) ?? ['*']).every((r) => semver.satisfies(v, r))),
          '*',
          { includePrerelease: true },
        );
        return { name, current: locked.version, wanted, latest: view.latest, direct: direct.has(name) };
      },
    );
    const outdated = rows
      .filter((r) => (r.wanted && semver.gt(r.wanted, r.current)) || (r.latest && semver.gt(r.latest, r.current)))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const human =
      outdated.length === 0
        ? 'all packs are up to date'
        : `${table(
            ['NAME', 'CURRENT', 'WANTED', 'LATEST', ''],
            outdated.map((r) => [r.name, r.current, r.wanted ?? '-', r.latest ?? '-', r.direct ? '' : '(dependency)']),
          )}\nrun \`market update\` to move to the wanted versions`;
    return { json: { outdated }, human };
  },
};

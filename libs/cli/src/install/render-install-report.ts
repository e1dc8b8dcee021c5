import { formatBytes, plural } from '../output/format.js';
import type { InstallReport } from './apply-install.js';

export const installReportJson = (
  report: InstallReport,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  ...extra,
  packages: report.packages,
  added: report.added,
  removed: report.removed,
  changed: report.changed,
  downloaded: report.downloaded,
  fromCache: report.fromCache,
  bytesDownloaded: report.bytesDownloaded,
  lockfile: report.lockfile,
  packsDir: report.packsDir,
});

const HEADLINES = {
  install: (n: string, dir: string) => `installed ${n} into ${dir}/`,
  update: (n: string, dir: string) => `updated: ${n} in ${dir}/`,
  uninstall: (n: string, dir: string) => `uninstalled: ${n} left in ${dir}/`,
};

export const renderInstallReport = (report: InstallReport, command: keyof typeof HEADLINES = 'install'): string => {
  const lines = [
    `${HEADLINES[command](plural(report.packages.length, 'pack'), report.packsDir)} (${report.downloaded} downloaded, ${formatBytes(report.bytesDownloaded)}; ${report.fromCache} from cache)`,
  ];
  for (const a of report.added) lines.push(`  + ${a.name} ${a.version}`);
  for (const c of report.changed) lines.push(`  ~ ${c.name} ${c.from} → ${c.to}`);
  for (const r of report.removed) lines.push(`  - ${r.name} ${r.version}`);
  if (report.added.length + report.changed.length + report.removed.length === 0 && report.packages.length > 0)
    lines.push('  (no changes to the lockfile)');
  lines.push(`signatures and digests verified; lockfile: ${report.lockfile}`);
  return lines.join('\n');
};

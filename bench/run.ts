import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metrics } from './lib/metrics.js';

/**
 * `npm run bench -- <suite>`: runs bench/suites/<suite>.ts, prints a table and writes
 * bench/results/<suite>.json (metric → { value, unit }). With no suite, lists them.
 */
const here = dirname(fileURLToPath(import.meta.url));
const suites = readdirSync(join(here, 'suites'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
if (requested.length === 0) {
  console.log(`usage: npm run bench -- <suite>   (suites: ${suites.join(', ')})`);
  process.exit(2);
}
for (const suite of requested) {
  if (!suites.includes(suite)) {
    console.error(`unknown suite ${JSON.stringify(suite)}; known: ${suites.join(', ')}`);
    process.exit(2);
  }
  const mod = (await import(`./suites/${suite}.ts`)) as {
    run: () => Promise<Metrics>;
    targets?: Record<string, string>;
    partial?: boolean;
  };
  const started = Date.now();
  const metrics = await mod.run();
  const outDir = join(here, 'results');
  if (!mod.partial) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `${suite}.json`), `${JSON.stringify(metrics, null, 2)}\n`);
  }
  console.log(`\nsuite ${suite} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  const rows = Object.entries(metrics).map(([name, { value, unit }]) => [
    name,
    String(value),
    unit,
    mod.targets?.[name] ?? '',
  ]);
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...[['metric', 'value', 'unit', 'target'], ...rows].map((r) => r[i]!.length)),
  );
  const line = (r: string[]) => r.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(['metric', 'value', 'unit', 'target']));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log(mod.partial ? '\npartial run: results not written' : `\nwritten bench/results/${suite}.json`);
}
process.exit(0);

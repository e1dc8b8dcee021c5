import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createPackArchive, generateSigningKey } from '@market/pack';
import { parseLockfile } from '../project/lockfile.js';
import { runCli } from '../run-cli.js';
import { checkSignature, mapWithConcurrency, MarketplaceClient, Signer, type KeyView } from '../sdk.js';

export interface ClientBenchResult {
  /** `market install` of the 30-pack graph into a new project with an empty cache (median of 3). */
  install_cold_s: number;
  /** The same into another new project with the cache warm: resolve, verify, extract, no download (median of 3). */
  install_warm_s: number;
  /** Key id + namespace + Ed25519 statement check for one pack, as install does it (mean over many). */
  verify_signature_ms: number;
}

const PACKS = 30;
const RUNS = 3;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Publishes a 30-pack graph (shared dependencies, several range kinds) under a fresh namespace,
 * then times real installs through the CLI's own code path (runCli in-process: resolution,
 * signature checks against the registered key, verified streaming downloads, safe extraction,
 * stage-and-swap) against `baseUrl`.
 */
export const runClientBench = async (baseUrl: string): Promise<ClientBenchResult> => {
  const root = mkdtempSync(join(tmpdir(), 'market-client-bench-'));
  try {
    const client = MarketplaceClient.builder()
      .baseUrl(baseUrl)
      .timeout(60_000)
      .cacheDir(join(root, 'publisher-cache'))
      .build();
    const key = generateSigningKey();
    const signer = Signer.fromPem(key.privateKeyPem);
    const namespace = `bench-${randomBytes(4).toString('hex')}`;
    await client.registerKey({ publicKey: signer.publicKey, namespaces: [namespace], owner: 'client benchmark' });
    const names = [...Array(PACKS).keys()].map((i) => `${namespace}/pack-${String(i).padStart(2, '0')}`);
    const submissions: string[] = [];
    for (let i = 0; i < PACKS; i++) {
      const dir = join(root, 'packs', String(i));
      mkdirSync(join(dir, 'templates'), { recursive: true });
      const deps = [...new Set([i - 1, Math.floor(i / 2), Math.floor(i / 3)])].filter((j) => j >= 0 && j < i);
      const ranges = ['^1.0.0', '~1.0.0', '>=1.0.0 <2.0.0'];
      writeFileSync(
        join(dir, 'pack.toml'),
        `[pack]\nname = "${names[i]}"\nversion = "1.0.0"\ndescription = "benchmark pack ${i}"\nlicense = "MIT"\nauthors = ["bench"]\n\n[dependencies]\n${deps.map((j) => `"${names[j]}" = "${ranges[(i + j) % 3]}"`).join('\n')}\n`,
      );
      // ~16 KiB of template text per pack: downloads and extraction do real work.
      writeFileSync(join(dir, 'templates', 'main.tmpl'), `// ${names[i]}\n${'{{ field }} = value;\n'.repeat(800)}`);
      const archive = await createPackArchive(dir);
      const accepted = await client.publish({
        archive: archive.bytes,
        statement: {
          name: names[i]!,
          version: '1.0.0',
          sha256: archive.sha256,
          blake3: archive.blake3,
          size: archive.size,
        },
        signer,
      });
      submissions.push(accepted.submissionId);
    }
    const outcomes = await mapWithConcurrency(submissions, 8, (id) =>
      client.waitForSubmission(id, { timeoutMs: 300_000 }),
    );
    const rejected = outcomes.filter((o) => o.status !== 'published');
    if (rejected.length)
      throw new Error(`benchmark packs were not published: ${rejected.map((r) => `${r.name} ${r.reason}`).join(', ')}`);

    const manifest = `[dependencies]\n${names.map((n) => `"${n}" = "^1.0.0"`).join('\n')}\n`;
    const install = async (project: string, cache: string): Promise<number> => {
      mkdirSync(project, { recursive: true });
      writeFileSync(join(project, 'market.toml'), manifest);
      let output = '';
      const sink = { write: (t: string) => (output += t) };
      const started = performance.now();
      const code = await runCli(['install', '--json'], {
        stdout: sink,
        stderr: sink,
        env: { MARKET_URL: baseUrl, MARKET_CACHE_DIR: cache, MARKET_TIMEOUT: '60' },
        cwd: project,
        home: root,
      });
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) throw new Error(`benchmark install failed (exit ${code}): ${output}`);
      return seconds;
    };
    const cold: number[] = [];
    const warm: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const cache = join(root, `cache-${run}`);
      cold.push(await install(join(root, `cold-${run}`), cache));
      warm.push(await install(join(root, `warm-${run}`), cache));
    }

    const lock = parseLockfile(readFileSync(join(root, 'cold-0', 'market.lock'), 'utf8'));
    const refs = Object.entries(lock.packages).map(([name, p]) => ({ name, ...p }));
    const keyView: KeyView = await client.getKey(signer.keyId);
    for (const ref of refs)
      if (!checkSignature(ref, keyView).ok) throw new Error(`signature of ${ref.name} does not verify`);
    const rounds = 300;
    for (let r = 0; r < 50; r++) for (const ref of refs) checkSignature(ref, keyView); // JIT and key cache warm-up
    const started = performance.now();
    for (let r = 0; r < rounds; r++) for (const ref of refs) checkSignature(ref, keyView);
    const verifyMs = (performance.now() - started) / (rounds * refs.length);

    return {
      install_cold_s: Number(median(cold).toFixed(3)),
      install_warm_s: Number(median(warm).toFixed(3)),
      verify_signature_ms: Number(verifyMs.toFixed(4)),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
};

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./index.ts', import.meta.url));

describe('loadConfig in a real process', () => {
  it('prints one line per bad variable to stderr and exits with status 2', () => {
    const script = `import { loadConfig, commonConfigShape } from ${JSON.stringify(entry)};
      loadConfig(commonConfigShape); console.log('unreachable');`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, INGEST_PORT: 'seven', NATS_URL: 'http://x' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'config: NATS_URL: expected a URL starting with nats: or tls: or ws: or wss:, got "http://x"',
      'config: INGEST_PORT: expected a TCP port (0-65535), got "seven"',
    ]);
  });
});

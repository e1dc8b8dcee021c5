import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseAllocator, JEMALLOC_CONF } from './allocator.js';

describe('chooseAllocator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'allocator-'));
  const installed = join(dir, 'libjemalloc.so.2');
  writeFileSync(installed, '');
  const missing = join(dir, 'absent.so.2');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('preloads jemalloc with background purging when it is installed and nothing is asked', () => {
    expect(chooseAllocator({}, [missing, installed])).toEqual({
      ok: true,
      env: { LD_PRELOAD: installed, MALLOC_CONF: JEMALLOC_CONF },
      description: `jemalloc (${installed})`,
    });
  });

  it("keeps an existing LD_PRELOAD and the operator's MALLOC_CONF", () => {
    const choice = chooseAllocator({ LD_PRELOAD: '/opt/other.so', MALLOC_CONF: 'narenas:2' }, [installed]);
    expect(choice.ok && choice.env).toEqual({ LD_PRELOAD: `${installed}:/opt/other.so`, MALLOC_CONF: 'narenas:2' });
  });

  it("falls back to glibc's malloc when jemalloc is not installed, unless it is required", () => {
    expect(chooseAllocator({}, [missing])).toMatchObject({ ok: true, env: {} });
    const required = chooseAllocator({ MARKET_ALLOCATOR: 'jemalloc' }, [missing]);
    expect(required).toMatchObject({ ok: false });
    expect(!required.ok && required.message).toContain('MARKET_ALLOCATOR');
  });

  it('uses the system allocator when asked, and names the variable when its value is wrong', () => {
    expect(chooseAllocator({ MARKET_ALLOCATOR: 'system' }, [installed])).toMatchObject({ ok: true, env: {} });
    const wrong = chooseAllocator({ MARKET_ALLOCATOR: 'tcmalloc' }, [installed]);
    expect(!wrong.ok && wrong.message).toBe('MARKET_ALLOCATOR must be jemalloc or system, got "tcmalloc"');
  });
});

import { describe, expect, it } from 'vitest';
import { decodeEvent, encodeEvent } from '@market/contracts';
import { categoriesOf, keywordsOf, manifestOf } from './corpus-manifest.js';
import { eventsForRow } from './corpus-events.js';
import { marketNameOf, parseCorpusLine } from './corpus-row.js';

const row = parseCorpusLine('@types/node\t24.10.1\t123456\tTypeScript definitions for node')!;

describe('corpus rows', () => {
  it('parses data lines and skips the header and broken lines', () => {
    expect(row).toEqual({
      npmName: '@types/node',
      version: '24.10.1',
      monthlyDownloads: 123456,
      description: 'TypeScript definitions for node',
    });
    expect(parseCorpusLine('name\tversion\tdownloads_a_month\tdescription')).toBeUndefined();
    expect(parseCorpusLine('a\t1.0.0\tlots\tx')).toBeUndefined();
    expect(parseCorpusLine('a\t1.0.0\t5')).toBeUndefined();
    expect(parseCorpusLine('')).toBeUndefined();
  });

  it('maps npm names into namespaces', () => {
    expect(marketNameOf('@babel/core')).toBe('babel/core');
    expect(marketNameOf('lodash.debounce')).toBe('npm/lodash.debounce');
  });

  it('derives keywords, categories and authors deterministically', () => {
    expect(keywordsOf('eslint-plugin-react-hooks')).toEqual(['eslint', 'plugin', 'react', 'hooks']);
    expect(keywordsOf('@scope/v8-to-istanbul-2')).toEqual(['v8', 'to', 'istanbul']);
    expect(categoriesOf('eslint-plugin-react', 'React rules')).toEqual(['linting', 'react']);
    expect(categoriesOf('left-pad', 'pads strings')).toEqual(['utilities']);
    expect(manifestOf(row)).toMatchObject({
      authors: ['types maintainers'],
      categories: ['typings'],
      keywords: ['node'],
      license: 'NOASSERTION',
    });
  });
});

describe('eventsForRow', () => {
  const now = new Date('2025-01-01T00:00:00Z');

  it('produces the pipeline events of a published pack, valid against the contracts', () => {
    const planned = eventsForRow(row, now)!;
    expect(planned.stream).toBe('package-types/node');
    expect(planned.events.map((e) => e.type)).toEqual([
      'PackageVersionSubmitted',
      'PackageVersionVerified',
      'PackageVersionStored',
      'DownloadsCounted',
    ]);
    planned.events.forEach((event, i) => {
      const { metadata, data } = encodeEvent(event);
      const decoded = decodeEvent({ position: BigInt(i + 1), revision: BigInt(i), metadata, data });
      expect(
        decoded.ok,
        JSON.stringify(decoded, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
      ).toBe(true);
    });
    expect(planned.events[3]!.data).toMatchObject({ name: 'types/node', count: 123456, windowEnd: now.toISOString() });
  });

  it('derives digests and ids from the row only', () => {
    const a = eventsForRow(row, now)!.events[1]!.data;
    const b = eventsForRow(row, new Date())!.events[1]!.data;
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      blake3: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(eventsForRow({ ...row, version: '24.10.2' }, now)!.events[1]!.data).not.toMatchObject({
      sha256: (a as { sha256: string }).sha256,
    });
  });

  it('skips rows that make no valid package, and downloads of zero', () => {
    expect(eventsForRow({ ...row, version: 'v1' }, now)).toBeUndefined();
    expect(eventsForRow({ ...row, npmName: '@bad scope/x' }, now)).toBeUndefined();
    expect(eventsForRow({ ...row, monthlyDownloads: 0 }, now)!.events).toHaveLength(3);
  });
});

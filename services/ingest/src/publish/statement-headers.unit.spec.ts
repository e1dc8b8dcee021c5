import { describe, expect, it } from 'vitest';
import { parseStatementHeaders } from './statement-headers.js';

const valid = {
  'market-name': 'acme/widgets',
  'market-version': '1.2.3-beta.1',
  'market-sha256': 'a'.repeat(64),
  'market-blake3': 'b'.repeat(64),
  'market-size': '1024',
  'market-key-id': '0123456789abcdef0123456789abcdef',
  'market-signature': Buffer.alloc(64, 7).toString('base64'),
};

describe('parseStatementHeaders', () => {
  it('accepts a well-formed statement', () => {
    expect(parseStatementHeaders(valid)).toEqual({
      ok: true,
      statement: {
        name: 'acme/widgets',
        version: '1.2.3-beta.1',
        sha256: 'a'.repeat(64),
        blake3: 'b'.repeat(64),
        size: 1024,
        keyId: valid['market-key-id'],
        signature: valid['market-signature'],
      },
    });
  });

  it.each([
    ['market-name', 'widgets'],
    ['market-name', '../etc/passwd'],
    ['market-version', 'v1.0.0'],
    ['market-version', '1.0'],
    ['market-sha256', 'A'.repeat(64)],
    ['market-sha256', 'a'.repeat(63)],
    ['market-blake3', 'zz'],
    ['market-size', '-1'],
    ['market-size', '1e3'],
    ['market-size', '99999999999999999999'],
    ['market-key-id', 'not-hex'],
    ['market-signature', Buffer.alloc(63).toString('base64')],
    ['market-signature', 'not base64!'],
    ['market-signature', `${Buffer.alloc(64, 7).toString('base64')}\n`],
  ])('names %s when it is %j', (field, value) => {
    const result = parseStatementHeaders({ ...valid, [field]: value });
    expect(result).toMatchObject({ ok: false, field });
  });

  it('names a missing header', () => {
    const { ['market-key-id']: _, ...rest } = valid;
    expect(parseStatementHeaders(rest)).toEqual({
      ok: false,
      field: 'market-key-id',
      detail: 'header market-key-id is required',
    });
  });

  it('rejects repeated headers (node joins them into one string or an array)', () => {
    expect(parseStatementHeaders({ ...valid, 'market-name': ['acme/a', 'acme/b'] })).toMatchObject({
      ok: false,
      field: 'market-name',
    });
  });
});

import { z } from 'zod';
import { blake3HexSchema, keyIdSchema, packageNameSchema, semverSchema, sha256HexSchema } from '@market/contracts';

/** Canonical padded base64 of exactly 64 bytes: an Ed25519 signature, nothing looser. */
const signatureSchema = z
  .string()
  .max(100)
  .refine((s) => {
    const bytes = Buffer.from(s, 'base64');
    return bytes.length === 64 && bytes.toString('base64') === s;
  }, 'must be base64 of a 64-byte Ed25519 signature');

const sizeSchema = z
  .string()
  .regex(/^(0|[1-9]\d{0,15})$/, 'must be a non-negative decimal integer')
  .transform(Number);

/** The signed statement, as the publisher sends it in `market-*` headers next to the raw archive. */
export const statementHeadersSchema = z.object({
  'market-name': packageNameSchema,
  'market-version': semverSchema,
  'market-sha256': sha256HexSchema,
  'market-blake3': blake3HexSchema,
  'market-size': sizeSchema,
  'market-key-id': keyIdSchema,
  'market-signature': signatureSchema,
});

export interface PublishStatement {
  name: string;
  version: string;
  sha256: string;
  blake3: string;
  size: number;
  keyId: string;
  signature: string;
}

export type StatementParse = { ok: true; statement: PublishStatement } | { ok: false; field: string; detail: string };

/** Validates the headers before a single body byte is read; reports the first bad header by name. */
export const parseStatementHeaders = (headers: Record<string, unknown>): StatementParse => {
  const parsed = statementHeadersSchema.safeParse(headers);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? '(headers)');
    const message = issue.code === 'invalid_type' && issue.received === 'undefined' ? 'is required' : issue.message;
    return { ok: false, field, detail: `header ${field} ${message}` };
  }
  const h = parsed.data;
  return {
    ok: true,
    statement: {
      name: h['market-name'],
      version: h['market-version'],
      sha256: h['market-sha256'],
      blake3: h['market-blake3'],
      size: h['market-size'],
      keyId: h['market-key-id'],
      signature: h['market-signature'],
    },
  };
};

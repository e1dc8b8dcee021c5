import {
  blake3HexSchema,
  normalizePackageName,
  packageNameSchema,
  semverSchema,
  sha256HexSchema,
} from '@market/contracts';
import { PackError } from '../errors/pack-error.js';

/** What a publisher signs: one exact archive as one exact `name@version`. */
export interface PackStatement {
  name: string;
  version: string;
  sha256: string;
  blake3: string;
  size: number;
}

/** Domain separation: these bytes can never be mistaken for a signed command (or anything else). */
export const STATEMENT_PREFIX = 'market-pack-statement/v1\n';

/**
 * The bytes a publisher signs. Keys are written in one fixed order and the name is normalised,
 * so `Acme/My_Pack` and `acme/my-pack` sign identically and the signature binds the registry's
 * identity of the package, not its spelling.
 */
export const canonicalStatement = (statement: PackStatement): Buffer => {
  const invalid = (field: string, why: string) => new PackError('statement_invalid', `${field} ${why}`);
  if (!packageNameSchema.safeParse(statement.name).success) throw invalid('name', 'must be namespace/name');
  if (!semverSchema.safeParse(statement.version).success) throw invalid('version', 'must be a semantic version');
  if (!sha256HexSchema.safeParse(statement.sha256).success) throw invalid('sha256', 'must be 64 lowercase hex digits');
  if (!blake3HexSchema.safeParse(statement.blake3).success) throw invalid('blake3', 'must be 64 lowercase hex digits');
  if (!Number.isSafeInteger(statement.size) || statement.size < 0)
    throw invalid('size', 'must be a non-negative integer');
  const body = JSON.stringify({
    name: normalizePackageName(statement.name),
    version: statement.version,
    sha256: statement.sha256,
    blake3: statement.blake3,
    size: statement.size,
  });
  return Buffer.from(STATEMENT_PREFIX + body, 'utf8');
};

import { sign, verify } from 'node:crypto';
import { PackError } from '../errors/pack-error.js';
import { canonicalCommand, COMMAND_PREFIX, type SignedCommandBody } from './canonical-command.js';
import { canonicalStatement, STATEMENT_PREFIX, type PackStatement } from './canonical-statement.js';
import { privateKeyFromPem, publicKeyObject } from './ed25519-keys.js';
import { decodeStrictBase64 } from './strict-base64.js';

const SIGNATURE_BYTES = 64;
const STATEMENT_PREFIX_BYTES = Buffer.from(STATEMENT_PREFIX);
const COMMAND_PREFIX_BYTES = Buffer.from(COMMAND_PREFIX);

const hasPrefix = (bytes: Uint8Array, prefix: Buffer): boolean =>
  bytes.length >= prefix.length && prefix.equals(bytes.subarray(0, prefix.length));

const signBytes = (privateKeyPem: string, bytes: Uint8Array): string =>
  sign(null, bytes, privateKeyFromPem(privateKeyPem)).toString('base64');

/** Never throws: anything malformed (key, signature, bytes) is simply not a valid signature. */
const verifyBytes = (publicKeyBase64: unknown, bytes: Uint8Array, signatureBase64: unknown): boolean => {
  if (typeof publicKeyBase64 !== 'string') return false;
  const signature = decodeStrictBase64(signatureBase64);
  if (signature?.length !== SIGNATURE_BYTES) return false;
  const key = publicKeyObject(publicKeyBase64);
  if (!key) return false;
  try {
    return verify(null, bytes, key, signature);
  } catch {
    return false;
  }
};

/** Statement bytes must come from canonicalStatement; the fields are canonicalised here if given instead. */
const statementBytes = (statement: Uint8Array | PackStatement): Uint8Array =>
  statement instanceof Uint8Array ? statement : canonicalStatement(statement);

export const signStatement = (privateKeyPem: string, statement: Uint8Array | PackStatement): string => {
  const bytes = statementBytes(statement);
  if (!hasPrefix(bytes, STATEMENT_PREFIX_BYTES)) {
    throw new PackError('statement_invalid', 'bytes do not start with the statement prefix; use canonicalStatement');
  }
  return signBytes(privateKeyPem, bytes);
};

export const verifyStatement = (
  publicKeyBase64: string,
  statement: Uint8Array | PackStatement,
  signatureBase64: string,
): boolean => {
  let bytes: Uint8Array;
  try {
    bytes = statementBytes(statement);
  } catch {
    return false;
  }
  return hasPrefix(bytes, STATEMENT_PREFIX_BYTES) && verifyBytes(publicKeyBase64, bytes, signatureBase64);
};

export const signCommand = (privateKeyPem: string, command: SignedCommandBody): string =>
  signBytes(privateKeyPem, canonicalCommand(command));

export const verifyCommand = (
  publicKeyBase64: string,
  command: SignedCommandBody,
  signatureBase64: string,
): boolean => {
  let bytes: Uint8Array;
  try {
    bytes = canonicalCommand(command);
  } catch {
    return false;
  }
  return hasPrefix(bytes, COMMAND_PREFIX_BYTES) && verifyBytes(publicKeyBase64, bytes, signatureBase64);
};

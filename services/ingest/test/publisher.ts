import { randomBytes } from 'node:crypto';
import {
  digestBytes,
  generateSigningKey,
  keyIdOf,
  signCommand,
  signStatement,
  type SignedCommandBody,
  type SigningKey,
} from '@market/pack';

/** A publisher as a client would be: a key pair, and helpers that speak ingest's HTTP API. */
export interface Publisher {
  key: SigningKey;
  keyId: string;
}

export const newPublisher = (): Publisher => {
  const key = generateSigningKey();
  return { key, keyId: keyIdOf(key.publicKey) };
};

export const registerKey = (
  url: string,
  publisher: Publisher,
  namespaces: string[],
  endorsement?: { keyId: string; signature: string },
) =>
  fetch(`${url}/v1/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      publicKey: publisher.key.publicKey,
      namespaces,
      owner: 'tests',
      ...(endorsement ? { endorsement } : {}),
    }),
  });

export const endorse = (endorser: Publisher, keyId: string, namespaces: string[]) => ({
  keyId: endorser.keyId,
  signature: signCommand(endorser.key.privateKeyPem, { action: 'endorse', keyId, namespaces }),
});

export interface Upload {
  body: Buffer;
  headers: Record<string, string>;
}

/** A correctly signed upload of `body` as name@version (the bytes need not be a real pack: verify judges those). */
export const signedUpload = (
  publisher: Publisher,
  name: string,
  version: string,
  body: Buffer = randomBytes(4096),
): Upload => {
  const digest = digestBytes(body);
  const statement = { name, version, ...digest };
  return {
    body,
    headers: {
      'content-type': 'application/gzip',
      'market-name': name,
      'market-version': version,
      'market-sha256': digest.sha256,
      'market-blake3': digest.blake3,
      'market-size': String(digest.size),
      'market-key-id': publisher.keyId,
      'market-signature': signStatement(publisher.key.privateKeyPem, statement),
    },
  };
};

export const postUpload = (url: string, upload: Upload) =>
  fetch(`${url}/v1/packages`, { method: 'POST', headers: upload.headers, body: upload.body });

export const signedCommand = (
  url: string,
  publisher: Publisher,
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  command: SignedCommandBody,
  fields: Record<string, string>,
  issuedAt = new Date().toISOString(),
) =>
  fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...fields,
      keyId: publisher.keyId,
      issuedAt,
      signature: signCommand(publisher.key.privateKeyPem, { ...command, issuedAt }),
    }),
  });

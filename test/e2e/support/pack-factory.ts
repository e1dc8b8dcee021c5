import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalStatement, createPackArchive, signStatement } from '@market/pack';

export interface BuiltPack {
  name: string;
  version: string;
  bytes: Buffer;
  sha256: string;
  blake3: string;
  size: number;
}

/** Writes a pack directory (pack.toml + a template) and builds its deterministic archive. */
export const buildPack = async (
  root: string,
  spec: {
    name: string;
    version: string;
    description?: string;
    keywords?: string[];
    categories?: string[];
    dependencies?: Record<string, string>;
    manifestOverride?: string;
  },
): Promise<BuiltPack> => {
  const dir = join(root, `${spec.name.replace('/', '__')}@${spec.version}`);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  const deps = Object.entries(spec.dependencies ?? {})
    .map(([n, r]) => `"${n}" = "${r}"`)
    .join('\n');
  const toml =
    spec.manifestOverride ??
    `[pack]
name = "${spec.name}"
version = "${spec.version}"
description = "${spec.description ?? `Templates for ${spec.name}`}"
license = "MIT"
authors = ["Platform Team <platform@example.com>"]
categories = ${JSON.stringify(spec.categories ?? ['codegen'])}
keywords = ${JSON.stringify(spec.keywords ?? ['templates'])}

[dependencies]
${deps}
`;
  writeFileSync(join(dir, 'pack.toml'), toml);
  writeFileSync(join(dir, 'templates', 'main.tmpl'), `// ${spec.name}@${spec.version}\n{{ name }}\n`);
  const archive = await createPackArchive(dir);
  return {
    name: spec.name,
    version: spec.version,
    bytes: archive.bytes,
    sha256: archive.sha256,
    blake3: archive.blake3,
    size: archive.size,
  };
};

/** POST /v1/packages with the statement headers, signed with the given key. */
export const publish = (
  baseUrl: string,
  pack: BuiltPack,
  key: { keyId: string; privateKeyPem: string },
  tamper: { signature?: string; sha256?: string } = {},
): Promise<Response> => {
  const statement = canonicalStatement({
    name: pack.name,
    version: pack.version,
    sha256: pack.sha256,
    blake3: pack.blake3,
    size: pack.size,
  });
  return fetch(`${baseUrl}/v1/packages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/gzip',
      'market-name': pack.name,
      'market-version': pack.version,
      'market-sha256': tamper.sha256 ?? pack.sha256,
      'market-blake3': pack.blake3,
      'market-size': String(pack.size),
      'market-key-id': key.keyId,
      'market-signature': tamper.signature ?? signStatement(key.privateKeyPem, statement),
    },
    body: pack.bytes,
  });
};

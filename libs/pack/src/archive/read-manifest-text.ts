import { ManifestInvalidError } from '../errors/pack-error.js';
import { MAX_PACK_TOML_BYTES } from '../manifest/parse-pack-toml.js';
import type { TarEntry } from './tar-reader.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** pack.toml's content as text: bounded in size and valid UTF-8, or `manifest_invalid`. */
export const readManifestText = async (entry: TarEntry): Promise<string> => {
  if (entry.size > MAX_PACK_TOML_BYTES) {
    throw new ManifestInvalidError(`pack.toml is ${entry.size} bytes; the limit is ${MAX_PACK_TOML_BYTES}`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of entry.body()) chunks.push(chunk);
  try {
    return utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new ManifestInvalidError('pack.toml is not valid UTF-8');
  }
};

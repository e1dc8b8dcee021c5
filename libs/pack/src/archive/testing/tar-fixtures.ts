import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';

/** Test-only builders for archives, honest and hostile. */

export const PACK_TOML = '[pack]\nname = "acme/hello"\nversion = "1.0.0"\nlicense = "MIT"\n';

export interface FixtureEntry {
  header: tar.Headers;
  content?: string | Buffer;
}

/** An uncompressed tar written by tar-stream (an independent writer, not ours). */
export const tarOf = async (entries: FixtureEntry[]): Promise<Buffer> => {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const { header, content } of entries) {
    await new Promise<void>((resolve, reject) => {
      const callback = (error?: Error | null) => (error ? reject(error) : resolve());
      if (content !== undefined) pack.entry(header, content, callback);
      else pack.entry(header, callback);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
};

export const file = (name: string, content: string | Buffer = 'x', extra: Partial<tar.Headers> = {}): FixtureEntry => ({
  header: { name, type: 'file', mode: 0o644, mtime: new Date(0), ...extra },
  content,
});

export const manifestEntry = (): FixtureEntry => file('pack.toml', PACK_TOML);

/** gzip of a tar built from entries; pack.toml first unless told otherwise. */
export const tgzOf = async (entries: FixtureEntry[], withManifest = true): Promise<Buffer> =>
  gzipSync(await tarOf(withManifest ? [manifestEntry(), ...entries] : entries));

export interface RawHeader {
  name: string;
  typeflag?: string;
  size?: number;
  mode?: number;
  prefix?: string;
  /** Write the size field as this raw 12-byte value instead. */
  rawSize?: Buffer;
  /** Bytes of the name field, for names that are not valid UTF-8. */
  rawName?: Buffer;
  magic?: 'ustar' | 'gnu' | 'none';
  corruptChecksum?: boolean;
}

const octal = (value: number, width: number): string => `${value.toString(8).padStart(width - 1, '0')}\u0000`;

/** One hand-made 512-byte header, for what no well-behaved writer produces. */
export const rawHeader = (h: RawHeader): Buffer => {
  const block = Buffer.alloc(512);
  (h.rawName ?? Buffer.from(h.name)).copy(block, 0, 0, 100);
  block.write(octal(h.mode ?? 0o644, 8), 100, 'latin1');
  block.write(octal(0, 8), 108, 'latin1');
  block.write(octal(0, 8), 116, 'latin1');
  if (h.rawSize) h.rawSize.copy(block, 124);
  else block.write(octal(h.size ?? 0, 12), 124, 'latin1');
  block.write(octal(0, 12), 136, 'latin1');
  block.write(h.typeflag ?? '0', 156, 'latin1');
  if (h.magic !== 'none') block.write(h.magic === 'gnu' ? 'ustar  \u0000' : 'ustar\u000000', 257, 'latin1');
  if (h.prefix) block.write(h.prefix, 345);
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${(sum + (h.corruptChecksum ? 1 : 0)).toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return block;
};

/** Content padded to whole blocks. */
export const dataBlocks = (content: string | Buffer): Buffer => {
  const bytes = Buffer.from(content);
  return Buffer.concat([bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512)]);
};

/** A pax extended header ('x') with exactly these records. */
export const paxHeader = (records: Array<[string, string]>): Buffer => {
  const body = records
    .map(([key, value]) => {
      const record = ` ${key}=${value}\n`;
      let length = Buffer.byteLength(record) + 1;
      while (Buffer.byteLength(`${length}${record}`) !== length) length++;
      return `${length}${record}`;
    })
    .join('');
  return Buffer.concat([
    rawHeader({ name: 'PaxHeader', typeflag: 'x', size: Buffer.byteLength(body) }),
    dataBlocks(body),
  ]);
};

export const rawFile = (name: string, content: string, header: Partial<RawHeader> = {}): Buffer =>
  Buffer.concat([rawHeader({ name, size: Buffer.byteLength(content), ...header }), dataBlocks(content)]);

export const END_OF_ARCHIVE = Buffer.alloc(1024);

/** gzip of hand-made blocks: pack.toml, the blocks, then the end-of-archive marker. */
export const rawTgz = (...blocks: Buffer[]): Buffer =>
  gzipSync(Buffer.concat([rawFile('pack.toml', PACK_TOML), ...blocks, END_OF_ARCHIVE]));

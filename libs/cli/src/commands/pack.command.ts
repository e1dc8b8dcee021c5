import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CommandSpec } from '../args/command-spec.js';
import { stringOption } from '../command-context.js';
import { formatBytes } from '../output/format.js';
import { readPackDir } from '../publish/read-pack-dir.js';

export const packCommand: CommandSpec = {
  name: 'pack',
  summary: 'build the deterministic archive of a pack and print its digests, size and files',
  usage: 'market pack [dir] [--out <file.tgz>]',
  description: 'Sorted entries, zero mtime/uid/gid, gzip mtime 0: the same directory always gives the same SHA-256.',
  options: { out: { type: 'string', value: 'file', description: 'also write the archive to this file' } },
  positionals: { min: 0, max: 1 },
  examples: ['market pack examples/rest-api', 'market pack --out widgets.tgz --json'],
  run: async (ctx) => {
    const pack = await readPackDir(ctx.workDir, ctx.positionals[0] ?? '.');
    const outOption = stringOption(ctx, 'out');
    const out = outOption ? resolve(ctx.io.cwd, outOption) : null;
    if (out) await writeFile(out, pack.archive.bytes);
    const { sha256, blake3, size, files } = pack.archive;
    return {
      json: { dir: pack.dir, name: pack.name, version: pack.version, sha256, blake3, size, files, out },
      human: [
        `${pack.name}@${pack.version}`,
        `  sha256  ${sha256}`,
        `  blake3  ${blake3}`,
        `  size    ${formatBytes(size)} (${size} bytes), ${files.length} files:`,
        ...files.map((f) => `    ${f.path} (${f.size} B)`),
        ...(out ? [`written to ${out}`] : []),
      ].join('\n'),
    };
  },
};

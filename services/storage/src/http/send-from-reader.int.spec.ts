import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { BlobReader } from '@market/blob-store';
import { BufferPool } from './buffer-pool.js';
import { sendFromReader } from './send-from-reader.js';

/** A BlobReader over bytes in memory; `cutAt` makes the blob end early, as a truncated file would. */
const memoryReader = (bytes: Buffer, cutAt = bytes.length) => {
  const reader = {
    size: bytes.length,
    closed: false,
    bytesRead: 0,
    read: async (buffer: Buffer, length: number, position: number) => {
      const n = bytes.copy(buffer, 0, position, Math.min(position + length, cutAt));
      reader.bytesRead += n;
      return n;
    },
    close: async () => {
      reader.closed = true;
    },
  };
  return reader satisfies BlobReader;
};

const servers: http.Server[] = [];
const serve = async (handler: (res: http.ServerResponse) => Promise<void>) => {
  const server = http.createServer((_req, res) => void handler(res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const pattern = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + (i >> 10)) % 256));

describe('sendFromReader over real HTTP', () => {
  it('sends ranges of many chunks byte for byte to concurrent clients sharing one small pool', async () => {
    const bytes = pattern(300_000);
    const pool = new BufferPool(4096, 4);
    const ranges: [number, number][] = [
      [0, bytes.length - 1],
      [4090, 4101],
      [1, 123_457],
      [bytes.length - 5000, bytes.length - 1],
    ];
    const url = await serve(async (res) => {
      const [start, end] = ranges[Number(res.req.url!.slice(1))]!;
      res.writeHead(200, { 'content-length': end - start + 1 });
      await sendFromReader(res, memoryReader(bytes), start, end, pool);
    });
    const bodies = await Promise.all(
      [0, 1, 2, 3, 0, 2, 0].map(async (i) => ({
        i,
        body: Buffer.from(await (await fetch(`${url}/${i}`)).arrayBuffer()),
      })),
    );
    for (const { i, body } of bodies) {
      const [start, end] = ranges[i]!;
      expect(body.equals(bytes.subarray(start, end + 1))).toBe(true);
    }
    expect(pool.idleCount).toBeGreaterThan(0);
    expect(pool.idleCount).toBeLessThanOrEqual(4);
  });

  it('stops reading and closes the reader when the client goes away mid-body', async () => {
    const bytes = pattern(32 * 1024 * 1024);
    const readers: ReturnType<typeof memoryReader>[] = [];
    const done: Promise<void>[] = [];
    const url = await serve((res) => {
      const reader = memoryReader(bytes);
      readers.push(reader);
      res.writeHead(200, { 'content-length': bytes.length });
      const sent = sendFromReader(res, reader, 0, bytes.length - 1, new BufferPool(65_536, 2));
      done.push(sent);
      return sent;
    });
    await new Promise<void>((resolve, reject) => {
      const req = http.get(url, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    });
    await Promise.all(done);
    expect(readers[0]!.closed).toBe(true);
    // Socket buffers hold a few MiB at most: the rest was never read.
    expect(readers[0]!.bytesRead).toBeLessThan(bytes.length / 2);
    // The server is still there for the next client.
    expect(Buffer.from(await (await fetch(url)).arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('cuts the response off (no short body passed as whole) when the blob ends before its length', async () => {
    const bytes = pattern(100_000);
    const reader = memoryReader(bytes, 50_000);
    const url = await serve(async (res) => {
      res.writeHead(200, { 'content-length': bytes.length });
      await sendFromReader(res, reader, 0, bytes.length - 1, new BufferPool(8192, 2));
    });
    await expect(fetch(url).then((res) => res.arrayBuffer())).rejects.toThrow();
    expect(reader.closed).toBe(true);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface RunningS3rver {
  /** An `s3://` URL for openBlobStore (credentials are s3rver's fixed S3RVER:S3RVER). */
  url(bucket: string): string;
  host: string;
  port: number;
  stop(): Promise<void>;
}

/** A real S3 server (s3rver) on a free port with its data in a temp dir; for tests only. */
export async function startS3rver(): Promise<RunningS3rver> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  return {
    host: '127.0.0.1',
    port,
    url: (bucket) => `s3://S3RVER:S3RVER@127.0.0.1:${port}/${bucket}?useSSL=false`,
    async stop() {
      // Keep-alive sockets from the client would otherwise hold close() open.
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

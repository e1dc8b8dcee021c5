import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Tamper = (path: string, body: Record<string, unknown>) => void;

export interface TamperingProxy {
  url: string;
  /** Rewrites JSON answers before the client sees them; undefined passes everything through. */
  tamper: Tamper | undefined;
  close(): Promise<void>;
}

/**
 * A registry that lies: a real HTTP proxy in front of the marketplace that can rewrite its JSON
 * answers (a compromised registry or mirror, or a man in the middle). Bodies are small here,
 * so they are buffered.
 */
export const startTamperingProxy = async (upstream: string): Promise<TamperingProxy> => {
  const proxy: TamperingProxy = { url: '', tamper: undefined, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const answer = await fetch(`${upstream}${req.url}`, { method: req.method, headers, body });
        let bytes = Buffer.from(await answer.arrayBuffer());
        const type = answer.headers.get('content-type') ?? '';
        if (proxy.tamper && type.includes('json') && answer.ok) {
          const doc = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
          proxy.tamper(req.url!.split('?')[0]!, doc);
          bytes = Buffer.from(JSON.stringify(doc));
        }
        res.writeHead(answer.status, {
          'content-type': type || 'application/octet-stream',
          'content-length': String(bytes.length),
        });
        res.end(bytes);
      })().catch((error: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
};

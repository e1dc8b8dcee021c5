import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** From sending the request to the last byte of the response. */
  ms: number;
}

export interface DrainAnswer {
  status: number;
  bytes: number;
  ms: number;
}

/**
 * Plain node:http with keep-alive: lighter on the client than fetch, which matters when the
 * client shares two cores with the services it measures. Loopback only.
 */
export class HttpClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    readonly baseUrl: string,
    maxSockets = 32,
  ) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(
    method: string,
    path: string,
    body?: Buffer | string,
    headers: http.OutgoingHttpHeaders = {},
  ): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request(
        { host: this.host, port: this.port, method, path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (error) => reject(routeError(method, path, error)));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
              ms: performance.now() - t0,
            }),
          );
        },
      );
      req.on('error', (error) => reject(routeError(method, path, error)));
      req.end(body);
    });
  }

  get(path: string): Promise<HttpAnswer> {
    return this.request('GET', path);
  }

  async getJson<T>(path: string): Promise<{ status: number; json: T; ms: number }> {
    const answer = await this.get(path);
    return { status: answer.status, json: parseJson<T>(answer), ms: answer.ms };
  }

  async postJson<T>(path: string, value: unknown): Promise<{ status: number; json: T; ms: number }> {
    const answer = await this.request('POST', path, JSON.stringify(value), { 'content-type': 'application/json' });
    return { status: answer.status, json: parseJson<T>(answer), ms: answer.ms };
  }

  /** GET whose body is counted and dropped, never kept: for large downloads. */
  drain(path: string): Promise<DrainAnswer> {
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request({ host: this.host, port: this.port, method: 'GET', path, agent: this.agent }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('error', (error) => reject(routeError('GET', path, error)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - t0 }));
      });
      req.on('error', (error) => reject(routeError('GET', path, error)));
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

const parseJson = <T>(answer: HttpAnswer): T => {
  try {
    return JSON.parse(answer.body.toString('utf8')) as T;
  } catch {
    return undefined as T;
  }
};

/** The route in the message (which request failed is the useful part), the errno code kept. */
const routeError = (method: string, path: string, error: Error): Error =>
  Object.assign(new Error(`${method} ${path.split('?')[0]}: ${error.message}`, { cause: error }), {
    code: (error as NodeJS.ErrnoException).code,
  });

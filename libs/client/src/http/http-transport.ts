import type { z } from 'zod';
import { MarketError } from '../errors/market-error.js';
import { problemToError } from '../errors/problem-to-error.js';

export interface TransportOptions {
  baseUrl: string;
  /** Per request: until the whole answer for JSON calls, until the headers for streams. */
  timeoutMs: number;
  userAgent: string;
  fetch: typeof fetch;
}

export interface RequestOptions {
  method?: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  body?: AsyncIterable<Uint8Array> | Uint8Array;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** For streamed bodies: no timeout on the whole exchange, only until the answer's headers. */
  streaming?: boolean;
}

/** fetch with a base URL, timeouts, and every failure turned into a MarketError. */
export class HttpTransport {
  constructor(readonly options: TransportOptions) {}

  url(path: string, query: RequestOptions['query'] = {}): string {
    const url = new URL(
      path.replace(/^\//, ''),
      this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`,
    );
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    return url.toString();
  }

  /** A JSON answer, validated with `schema` (a server that answers nonsense is a `bad_response`). */
  async json<S extends z.ZodTypeAny>(path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
    const response = await this.send(path, options);
    const text = await this.readText(response, path, options);
    let doc: unknown;
    try {
      doc = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new MarketError(
        'bad_response',
        response.status,
        `${this.describe(options, path)} answered with invalid JSON`,
      );
    }
    const parsed = schema.safeParse(doc);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
      throw new MarketError(
        'bad_response',
        response.status,
        `${this.describe(options, path)} answered an unexpected document (${where})`,
      );
    }
    return parsed.data as z.output<S>;
  }

  /** The raw response for a successful request (the caller consumes the body); errors are thrown. */
  async send(path: string, options: RequestOptions = {}): Promise<Response> {
    const url = this.url(path, options.query);
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent,
      accept: 'application/json',
      ...options.headers,
    };
    let body: NonNullable<RequestInit['body']> | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.body !== undefined) {
      body = options.body as NonNullable<RequestInit['body']>;
    }
    // Streams may take longer than the timeout as a whole: only the wait for the headers is bounded.
    const deadline = new AbortController();
    const arm = () => {
      const t = setTimeout(() => deadline.abort(new DOMException('timed out', 'TimeoutError')), this.options.timeoutMs);
      t.unref();
      return t;
    };
    let timer = arm();
    if (options.body !== undefined && !(options.body instanceof Uint8Array)) {
      // An upload in progress is not idle: every chunk sent re-arms the timeout.
      const source = options.body;
      body = (async function* () {
        for await (const chunk of source) {
          clearTimeout(timer);
          timer = arm();
          yield chunk;
        }
      })() as unknown as NonNullable<RequestInit['body']>;
    }
    const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
    let response: Response;
    try {
      response = await this.options.fetch(url, {
        method: options.method ?? 'GET',
        headers,
        body,
        signal,
        ...(options.body !== undefined && !(options.body instanceof Uint8Array) ? { duplex: 'half' } : {}),
      } as RequestInit);
    } catch (error) {
      clearTimeout(timer);
      throw this.transportError(deadline.signal.aborted ? deadline.signal.reason : error, options, path);
    }
    if (options.streaming) clearTimeout(timer);
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      clearTimeout(timer);
      throw problemToError(response.status, response.headers.get('content-type'), text, this.describe(options, path));
    }
    if (!options.streaming) this.pendingTimers.set(response, timer);
    return response;
  }

  /** JSON answers stay under the timeout until their body is read. */
  private readonly pendingTimers = new WeakMap<Response, NodeJS.Timeout>();

  private async readText(response: Response, path: string, options: RequestOptions): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw this.transportError(error, options, path);
    } finally {
      clearTimeout(this.pendingTimers.get(response));
    }
  }

  private describe(options: RequestOptions, path: string): string {
    return `${options.method ?? 'GET'} ${path.split('?')[0]}`;
  }

  transportError(error: unknown, options: RequestOptions, path: string): MarketError {
    if (error instanceof MarketError) return error;
    const name = (error as { name?: string } | null)?.name;
    if (name === 'TimeoutError') {
      return new MarketError(
        'timeout',
        0,
        `${this.describe(options, path)}: no answer from ${this.options.baseUrl} within ${this.options.timeoutMs} ms`,
        {},
        { cause: error },
      );
    }
    if (name === 'AbortError')
      return new MarketError('aborted', 0, `${this.describe(options, path)} was cancelled`, {}, { cause: error });
    const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
    const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    return new MarketError('network_error', 0, `cannot reach ${this.options.baseUrl} (${why})`, {}, { cause: error });
  }
}

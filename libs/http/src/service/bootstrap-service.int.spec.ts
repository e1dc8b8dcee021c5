import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger } from '@market/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapService } from './bootstrap-service.js';
import { FixtureModule } from './fixture.module.js';

const logLines: Record<string, unknown>[] = [];
let app: NestFastifyApplication;
let base: string;

beforeAll(async () => {
  const logger = createLogger('fixture', { level: 'debug', sink: (line) => logLines.push(JSON.parse(line)) });
  app = await bootstrapService({ name: 'fixture', module: FixtureModule, port: 0, bodyLimit: 1024, logger });
  base = await app.getUrl();
});
afterAll(() => app?.close());

const call = async (path: string, init?: RequestInit) => {
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), text, body: safeJson(text) };
};
const safeJson = (text: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const postJson = (body: string, contentType = 'application/json') =>
  call('/v1/things', { method: 'POST', headers: { 'content-type': contentType }, body });

const expectProblem = (res: Awaited<ReturnType<typeof call>>, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.contentType).toBe('application/problem+json; charset=utf-8');
  expect(res.body).toMatchObject({ type: `https://market.dev/problems/${code}`, status, code });
  expect(typeof res.body?.title).toBe('string');
  expect(typeof res.body?.detail).toBe('string');
};

describe('bootstrapService', () => {
  it('serves GET /v1/health', async () => {
    expect(await call('/v1/health')).toMatchObject({ status: 200, body: { status: 'ok', service: 'fixture' } });
  });

  it('answers a ProblemError with its status, code, detail and extra members', async () => {
    const res = await call('/v1/things/conflict?x=1');
    expectProblem(res, 409, 'version_exists');
    expect(res.body).toEqual({
      type: 'https://market.dev/problems/version_exists',
      title: 'Conflict',
      status: 409,
      detail: 'acme/widgets@1.0.0 is already published',
      code: 'version_exists',
      instance: '/v1/things/conflict',
      existing: '1.0.0',
    });
  });

  it('maps Nest HttpExceptions and unknown routes', async () => {
    const forbidden = await call('/v1/things/forbidden');
    expectProblem(forbidden, 403, 'forbidden');
    expect(forbidden.body?.detail).toBe('key is not registered for acme');
    const missing = await call('/v1/nope/../nothing-here');
    expectProblem(missing, 404, 'not_found');
  });

  it('rejects malformed JSON, an empty JSON body and prototype poisoning as malformed_json', async () => {
    expectProblem(await postJson('{"name": "x", '), 400, 'malformed_json');
    expectProblem(await postJson(''), 400, 'malformed_json');
    expectProblem(await postJson('{"__proto__": {"admin": true}, "name": "x", "size": 1}'), 400, 'malformed_json');
  });

  it('rejects a body over the limit with 413 and an unknown media type with 415', async () => {
    expectProblem(await postJson(JSON.stringify({ name: 'x'.repeat(4096), size: 1 })), 413, 'payload_too_large');
    expectProblem(await postJson('<thing/>', 'application/xml'), 415, 'unsupported_media_type');
  });

  it('turns a zod error into 400 validation_failed listing the issues', async () => {
    const res = await postJson(JSON.stringify({ name: '', size: -1.5 }));
    expectProblem(res, 400, 'validation_failed');
    const issues = res.body?.issues as { path: string; code: string; message: string }[];
    expect(issues[0]).toEqual({ path: 'name', code: 'too_small', message: expect.any(String) });
    expect(issues.map((i) => i.path)).toContain('size');
    expect(await postJson(JSON.stringify({ name: 'ok', size: 3 }))).toMatchObject({
      status: 201,
      body: { created: { name: 'ok', size: 3 } },
    });
  });

  it('answers an unexpected error with a bare 500, logs it, and leaks nothing', async () => {
    const res = await call('/v1/things/boom');
    expectProblem(res, 500, 'internal');
    expect(res.body?.detail).toBe('internal server error');
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toMatch(/\bat .*\.ts:\d+/);
    const logged = logLines.find((l) => l.msg === 'request failed');
    expect(logged).toMatchObject({ level: 'error', status: 500, url: '/v1/things/boom' });
    expect(JSON.stringify(logged)).toContain('ThingsController.boom'); // the stack stays in the log
  });

  it('exposes Prometheus metrics with request durations by route pattern', async () => {
    const res = await call('/metrics');
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('text/plain');
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toMatch(
      /market_http_request_duration_seconds_count\{method="GET",route="\/v1\/things\/conflict",status="409"\} 1/,
    );
    expect(res.text).toMatch(
      /market_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\}/,
    );
  });

  it("runs handlers in a span that continues the caller's traceparent, or starts a trace", async () => {
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const continued = (await call('/v1/things/trace', { headers: { traceparent: incoming } })).body
      ?.traceparent as string;
    expect(continued.split('-')[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(continued).not.toBe(incoming);
    const fresh = (await call('/v1/things/trace', { headers: { traceparent: 'junk' } })).body?.traceparent as string;
    expect(fresh).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(fresh.split('-')[1]).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('still answers after every kind of failure', async () => {
    expect(await call('/v1/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('can run beside another service in the same process', async () => {
    const other = await bootstrapService({
      name: 'other',
      module: FixtureModule,
      port: 0,
      logger: createLogger('other', { level: 'silent' }),
    });
    try {
      const res = await fetch(`${await other.getUrl()}/v1/health`);
      expect(await res.json()).toEqual({ status: 'ok', service: 'other' });
    } finally {
      await other.close();
    }
  });
});

describe('bootstrapService in a real process', () => {
  it('closes the app and exits 0 on SIGTERM', async () => {
    const main = fileURLToPath(new URL('./fixture-main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Record<string, unknown>[] = [];
    let buffered = '';
    const listening = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
          const line = JSON.parse(buffered.slice(0, i)) as Record<string, unknown>;
          buffered = buffered.slice(i + 1);
          lines.push(line);
          if (line.msg === 'listening') resolve(String(line.url));
        }
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    try {
      const url = await listening;
      expect((await fetch(`${url}/v1/health`)).status).toBe(200);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
      await expect(fetch(`${url}/v1/health`)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('exits 0, cleanly, on SIGTERM before it serves (a long start, e.g. a catch-up)', async () => {
    const main = fileURLToPath(new URL('./fixture-main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, LOG_LEVEL: 'info', FIXTURE_STARTING: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('"starting"')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      child.kill('SIGTERM');
      const [code, signal] = await once(child, 'exit');
      expect([code, signal]).toEqual([0, null]);
      expect(output).toContain('"stopped while starting"');
      expect(output).not.toContain('"listening"');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { withTraceparent } from '../tracing/traceparent.js';
import { createLogger } from './logger.js';
import { type LogThreshold, thresholdFromEnv } from './log-level.js';

const capture = (level: LogThreshold) => {
  const lines: string[] = [];
  const logger = createLogger('ingest', { level, sink: (l) => lines.push(l), clock: () => new Date(0) });
  return { logger, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), lines };
};

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, service, msg and fields', () => {
    const { logger, records } = capture('debug');
    logger.info('published', { name: 'acme/widgets', version: '1.0.0' });
    expect(records()).toEqual([
      {
        time: '1970-01-01T00:00:00.000Z',
        level: 'info',
        service: 'ingest',
        msg: 'published',
        name: 'acme/widgets',
        version: '1.0.0',
      },
    ]);
  });

  it('drops lines below the threshold and writes nothing when silent', () => {
    const warn = capture('warn');
    warn.logger.debug('d');
    warn.logger.info('i');
    warn.logger.warn('w');
    warn.logger.error('e');
    expect(warn.records().map((r) => r.level)).toEqual(['warn', 'error']);
    expect(warn.logger.isEnabled('info')).toBe(false);

    const silent = capture('silent');
    silent.logger.error('nobody hears this');
    expect(silent.lines).toEqual([]);
  });

  it('child loggers add their fields to every line, without touching the parent', () => {
    const { logger, records } = capture('info');
    const consumer = logger.child({ consumer: 'verify' }).child({ attempt: 2 });
    consumer.info('retrying', { position: 7n });
    logger.info('plain');
    expect(records()[0]).toMatchObject({ consumer: 'verify', attempt: 2, position: '7', msg: 'retrying' });
    expect(records()[1]).not.toHaveProperty('consumer');
  });

  it('serialises bigints, errors and cycles instead of throwing', () => {
    const { logger, records } = capture('info');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const error = Object.assign(new Error('boom', { cause: new Error('root') }), { code: 'E_BOOM' });
    logger.error('failed', { error, cyclic, big: 2n ** 70n });
    const [record] = records();
    expect(record).toMatchObject({
      error: { name: 'Error', message: 'boom', code: 'E_BOOM', cause: { message: 'root' } },
      cyclic: { a: 1, self: '[Circular]' },
      big: '1180591620717411303424',
    });
    expect((record!.error as { stack: string }).stack).toContain('boom');
  });

  it('never lets a field overwrite the core keys', () => {
    const { logger, records } = capture('info');
    logger.info('real', { msg: 'fake', level: 'error', service: 'other' });
    expect(records()[0]).toMatchObject({
      msg: 'real',
      level: 'info',
      service: 'ingest',
      'field.msg': 'fake',
      'field.level': 'error',
    });
  });

  it('adds the active trace id so a log line can be found from its trace', () => {
    const { logger, records } = capture('info');
    const tp = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    withTraceparent(tp, () => logger.info('inside'));
    logger.info('outside');
    expect(records()[0]).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' });
    expect(records()[1]).not.toHaveProperty('traceId');
  });

  it('reads LOG_LEVEL, falling back to info for unknown values', () => {
    expect(thresholdFromEnv({ LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(thresholdFromEnv({ LOG_LEVEL: 'verbose' })).toBe('info');
    expect(thresholdFromEnv({})).toBe('info');
  });
});

import { Body, Controller, ForbiddenException, Get, Module, Post } from '@nestjs/common';
import { currentTraceparent } from '@market/observability';
import { z } from 'zod';
import { ProblemError } from '../problem/problem-error.js';

const thingSchema = z.object({ name: z.string().min(1), size: z.number().int().nonnegative() });

/** A tiny service for the bootstrap tests: one route per kind of failure. */
@Controller('v1/things')
class ThingsController {
  @Post()
  create(@Body() body: unknown) {
    return { created: thingSchema.parse(body) };
  }

  @Get('conflict')
  conflict(): never {
    throw new ProblemError(409, 'version_exists', 'acme/widgets@1.0.0 is already published', {
      existing: '1.0.0',
      status: 200,
    });
  }

  @Get('forbidden')
  forbidden(): never {
    throw new ForbiddenException('key is not registered for acme');
  }

  @Get('trace')
  async trace() {
    await new Promise((resolve) => setImmediate(resolve));
    return { traceparent: currentTraceparent() };
  }

  @Get('boom')
  boom(): never {
    throw new Error('connection string postgres://admin:hunter2@db failed');
  }
}

@Module({ controllers: [ThingsController] })
export class FixtureModule {}

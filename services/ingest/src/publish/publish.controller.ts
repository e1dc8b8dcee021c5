import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ProblemError } from '@market/http';
import { PublishService } from './publish.service.js';

interface RawRequest {
  raw: IncomingMessage;
}
interface RawReply {
  raw: ServerResponse;
}

@Controller('v1/packages')
export class PublishController {
  constructor(@Inject(PublishService) private readonly publishing: PublishService) {}

  /** Raw archive body (streamed, never buffered) + `market-*` statement headers → 202. */
  @Post()
  @HttpCode(202)
  async publish(@Req() request: RawRequest, @Res({ passthrough: true }) reply: RawReply) {
    try {
      return await this.publishing.publish(request.raw);
    } catch (error) {
      if (mustClose(request.raw, error) && !reply.raw.headersSent) reply.raw.setHeader('connection', 'close');
      throw error;
    }
  }
}

/**
 * A body refused before it was read is drained by node after the answer (the connection stays
 * usable), except when it is too large to be worth reading. A body abandoned half-way leaves the
 * connection mid-message: it cannot be reused.
 */
const mustClose = (request: IncomingMessage, error: unknown): boolean =>
  !request.complete && (request.readableDidRead || (error instanceof ProblemError && error.status === 413));

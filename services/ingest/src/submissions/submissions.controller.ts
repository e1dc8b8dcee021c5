import { Controller, Get, Inject, Param } from '@nestjs/common';
import { z } from 'zod';
import { ProblemError } from '@market/http';
import { INGEST_DEPS, type IngestDeps } from '../ingest-deps.js';
import { parseOr400 } from '../validation/parse-or-400.js';

const idSchema = z.object({ id: z.string().uuid() });

@Controller('v1/submissions')
export class SubmissionsController {
  constructor(@Inject(INGEST_DEPS) private readonly deps: IngestDeps) {}

  /**
   * `{ submissionId, name, version, status, reason?, detail?, sha256, submittedAt, settledAt? }` from
   * ingest's own read model; settledAt is when it was published (stored) or rejected.
   */
  @Get(':id')
  get(@Param('id') id: string) {
    const { id: submissionId } = parseOr400(idSchema, { id }, 'path');
    const row = this.deps.readModel.submission(submissionId.toLowerCase());
    if (!row) throw new ProblemError(404, 'not_found', `no submission ${submissionId}`);
    return {
      submissionId: row.id,
      name: row.name,
      version: row.version,
      status: row.status,
      ...(row.reason === null ? {} : { reason: row.reason }),
      ...(row.detail === null ? {} : { detail: row.detail }),
      sha256: row.sha256,
      submittedAt: row.created_at,
      ...(row.settled_at === null ? {} : { settledAt: row.settled_at }),
    };
  }
}

import { z } from 'zod';

export const publishAcceptedSchema = z
  .object({ submissionId: z.string(), status: z.string(), name: z.string(), version: z.string() })
  .passthrough();
export type PublishAccepted = z.infer<typeof publishAcceptedSchema>;

export const submissionSchema = z
  .object({
    submissionId: z.string(),
    name: z.string(),
    version: z.string(),
    status: z.enum(['pending', 'published', 'rejected']),
    reason: z.string().optional(),
    detail: z.string().optional(),
    sha256: z.string().optional(),
  })
  .passthrough();
export type Submission = z.infer<typeof submissionSchema>;

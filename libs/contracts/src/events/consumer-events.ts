import { z } from 'zod';

/** Recorded by the bus when a consumer gives up on an event and parks it on the dead-letter stream. */
export const consumerEventParkedV1 = z.object({
  consumer: z.string().min(1).max(200),
  eventId: z.string().min(1).max(200),
  eventType: z.string().max(200),
  stream: z.string().max(500),
  position: z.string().regex(/^\d+$/),
  attempts: z.number().int().positive(),
  reason: z.string().max(4000),
});

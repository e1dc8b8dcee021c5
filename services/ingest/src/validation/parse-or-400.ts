import type { z } from 'zod';
import { ProblemError } from '@market/http';

/** zod parse that turns the first issue into a 400 `validation_failed` naming the field. */
export const parseOr400 = <S extends z.ZodTypeAny>(schema: S, value: unknown, where: string): z.output<S> => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as z.output<S>;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || where;
  throw new ProblemError(400, 'validation_failed', `${where} ${field}: ${issue.message}`, { field });
};

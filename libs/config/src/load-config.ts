import { z } from 'zod';
import { withDerivedDefaults } from './common-config.js';
import { ConfigError, type ConfigProblem, describeProblem } from './config-error.js';

export interface LoadConfigOptions {
  /** Default: process.env. */
  env?: Record<string, string | undefined>;
  /** true (default): print one line per bad variable to stderr and exit(2). false: throw ConfigError. */
  exit?: boolean;
}

/**
 * Validates the environment against a zod shape and returns the typed config. Empty values
 * count as unset (compose files often write `VAR=`), so defaults apply to them.
 */
export const loadConfig = <S extends z.ZodRawShape>(
  shape: S,
  options: LoadConfigOptions = {},
): z.output<z.ZodObject<S>> => {
  const env = withDerivedDefaults(withoutEmpty(options.env ?? process.env));
  const parsed = z.object(shape).safeParse(env);
  if (parsed.success) return parsed.data;
  const error = new ConfigError(problemsOf(parsed.error, env));
  if (options.exit === false) throw error;
  for (const problem of error.problems) process.stderr.write(`config: ${describeProblem(problem)}\n`);
  process.exit(2);
};

const withoutEmpty = (env: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));

const problemsOf = (error: z.ZodError, env: Record<string, string | undefined>): ConfigProblem[] => {
  const byVariable = new Map<string, string[]>();
  for (const issue of error.issues) {
    const variable = String(issue.path[0] ?? '(environment)');
    const messages = byVariable.get(variable) ?? [];
    messages.push(issue.message === 'Required' ? 'expected a value' : issue.message);
    byVariable.set(variable, messages);
  }
  return [...byVariable].map(([variable, messages]) => ({
    variable,
    expected: [...new Set(messages)].join('; '),
    received: maskCredentials(env[variable]),
  }));
};

/** `s3://key:secret@host` must not end up in a log. */
const maskCredentials = (value: string | undefined) => value?.replace(/\/\/[^/@\s]*@/g, '//***@');

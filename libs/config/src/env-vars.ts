import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Building blocks for config shapes. Each message starts with "expected" because the loader
 * prints it as `<VARIABLE>: <message>, got "<value>"`.
 */
export const envString = (description: string, defaultValue?: string) => {
  const base = z.string({ required_error: `expected ${description}` }).min(1, `expected ${description}`);
  return defaultValue === undefined ? base : base.default(defaultValue);
};

export const envPort = (defaultPort: number) =>
  z
    .string()
    .default(String(defaultPort))
    .refine((raw) => /^\d{1,5}$/.test(raw) && Number(raw) <= 65535, 'expected a TCP port (0-65535)')
    .transform(Number);

export const envPositiveInt = (description: string, defaultValue: number) =>
  z
    .string()
    .default(String(defaultValue))
    .refine((raw) => /^[1-9]\d{0,14}$/.test(raw), `expected ${description} (a positive integer)`)
    .transform(Number);

/** A URL whose scheme is one of `schemes` (each without the colon, e.g. `sqlite`, `esdb`). */
export const envUrl = (schemes: readonly string[], defaultValue?: string) => {
  const expected = `expected a URL starting with ${schemes.map((s) => `${s}:`).join(' or ')}`;
  const base = z
    .string({ required_error: expected })
    .refine((raw) => schemes.some((s) => raw.startsWith(`${s}:`) && raw.length > s.length + 1), expected);
  return defaultValue === undefined ? base : base.default(defaultValue);
};

/** A directory, resolved to an absolute path against the working directory. */
export const envDirectory = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((raw) => resolve(raw));

export const envEnum = <const T extends readonly [string, ...string[]]>(values: T, defaultValue: T[number]) =>
  z
    .string()
    .default(defaultValue)
    .transform((raw) => raw.trim().toLowerCase())
    .refine((raw): raw is T[number] => values.includes(raw), `expected one of ${values.join(', ')}`);

/** An optional name for one of several replicas of a service (it names the replica's durable consumer). */
export const envInstanceId = () =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, - or _')
    .optional();

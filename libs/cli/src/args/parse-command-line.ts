import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from '../errors/cli-error.js';
import type { CommandSpec, OptionSpecs } from './command-spec.js';
import { GLOBAL_OPTIONS } from './global-options.js';

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export type ParsedCommandLine =
  | { kind: 'command'; command: CommandSpec; positionals: string[]; options: OptionValues }
  | { kind: 'help'; command?: CommandSpec; topic?: string }
  | { kind: 'version' };

const toParseArgs = (specs: OptionSpecs): NonNullable<ParseArgsConfig['options']> =>
  Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) },
    ]),
  );

/**
 * `market [global options] <command> [sub-command] [options] [args]`. The command words are
 * the first positionals (global options may come before them); the rest is parsed strictly
 * against the command's own options, so a typo fails with exit code 2 instead of being ignored.
 */
export const parseCommandLine = (argv: readonly string[], commands: readonly CommandSpec[]): ParsedCommandLine => {
  const { tokens } = parseArgs({
    args: [...argv],
    options: toParseArgs(GLOBAL_OPTIONS),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const words = tokens.filter((t) => t.kind === 'positional').slice(0, 2);
  const first = words[0]?.value;
  if (first === undefined || first === 'help') {
    if (argv.includes('--version')) return { kind: 'version' };
    const topic =
      first === 'help'
        ? [words[1]?.value, tokens.filter((t) => t.kind === 'positional')[2]?.value].filter(Boolean).join(' ')
        : undefined;
    if (!topic) return { kind: 'help' };
    const command = commands.find((c) => c.name === topic) ?? commands.find((c) => c.name.startsWith(`${topic} `));
    if (!command) throw usageError(`unknown command "${topic}"`, 'run `market --help` for the list of commands');
    return { kind: 'help', command };
  }
  const second = words[1]?.value;
  const two = second ? commands.find((c) => c.name === `${first} ${second}`) : undefined;
  const one = commands.find((c) => c.name === first);
  const command = two ?? one;
  if (!command) {
    const group = commands.filter((c) => c.name.startsWith(`${first} `));
    if (group.length > 0) {
      const subs = group.map((c) => c.name.split(' ')[1]).join(', ');
      if (second === undefined && argv.some((a) => a === '--help' || a === '-h')) return { kind: 'help', topic: first };
      throw usageError(
        second === undefined
          ? `"${first}" needs a sub-command: ${subs}`
          : `unknown sub-command "${first} ${second}"; use one of: ${subs}`,
        `run \`market ${first} <${subs.replace(/, /g, '|')}> --help\``,
      );
    }
    throw usageError(`unknown command "${first}"`, 'run `market --help` for the list of commands');
  }
  const skip = new Set(command === two ? [words[0]!.index, words[1]!.index] : [words[0]!.index]);
  const rest = argv.filter((_, index) => !skip.has(index));
  const specs = { ...GLOBAL_OPTIONS, ...command.options };
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: toParseArgs(specs),
      strict: true,
      allowPositionals: true,
    }) as typeof parsed;
  } catch (error) {
    throw usageError(cleanParseError(error), `run \`market ${command.name} --help\``);
  }
  if (parsed.values.help) return { kind: 'help', command };
  const { min, max } = command.positionals;
  if (parsed.positionals.length < min) {
    throw usageError(
      `missing argument: usage is ${command.usage}`,
      `run \`market ${command.name} --help\` for examples`,
    );
  }
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals
      .slice(max)
      .map((p) => JSON.stringify(p))
      .join(' ');
    throw usageError(
      `unexpected argument ${extra}: usage is ${command.usage}`,
      `run \`market ${command.name} --help\` for examples`,
    );
  }
  return { kind: 'command', command, positionals: parsed.positionals, options: parsed.values };
};

/** node's messages name the API ("parseArgs"); say it in the user's terms. */
const cleanParseError = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/\. To specify a positional argument.*$/s, '')
    .replace(/^Unknown option '(.+?)'.*$/s, 'unknown option $1')
    .replace(/^Option '(.+?)(?: <value>)?' argument missing$/s, 'option $1 needs a value')
    .replace(/^Option '(.+?)' does not take an argument$/s, 'option $1 takes no value');
};

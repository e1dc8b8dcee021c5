import type { CommandContext } from '../command-context.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in --help: `--name <value>`. */
  value?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** What a command hands back: the `--json` document and the human rendering of the same facts. */
export interface CommandOutcome {
  json: Record<string, unknown>;
  human: string;
  /** Non-zero when the command ran but its result is a failure (a rejected publication). */
  exitCode?: number;
}

export interface CommandSpec {
  /** One or two words: `install`, `key register`, `dist-tag add`. */
  name: string;
  summary: string;
  usage: string;
  description?: string;
  options: OptionSpecs;
  positionals: { min: number; max: number };
  examples: string[];
  run(ctx: CommandContext): Promise<CommandOutcome>;
}

import type { ErrorReport } from '../errors/describe-error.js';
import type { CliIo } from './cli-io.js';
import { ProgressBoard } from './progress-board.js';

/**
 * The only writer to stdout/stderr. Results go to stdout (one JSON document with --json);
 * status lines, warnings, progress and errors go to stderr, so `--json | jq` always parses.
 */
export class Output {
  readonly warnings: string[] = [];

  constructor(
    private readonly io: CliIo,
    readonly json: boolean,
    readonly verbose: boolean,
  ) {}

  /** A status line for people (stderr); silent with --json. */
  status(line: string): void {
    if (!this.json) this.io.stderr.write(`${line}\n`);
  }

  debug(line: string): void {
    if (this.verbose) this.io.stderr.write(`[verbose] ${line}\n`);
  }

  warn(line: string): void {
    this.warnings.push(line);
    this.io.stderr.write(`warning: ${line}\n`);
  }

  /** Progress bars, only on an interactive terminal and never with --json. */
  progress(title: string, expected: number): ProgressBoard | undefined {
    return !this.json && this.io.stderr.isTTY ? new ProgressBoard(this.io.stderr, title, expected) : undefined;
  }

  result(json: Record<string, unknown>, human: string): void {
    if (this.json) {
      const doc = this.warnings.length ? { ...json, warnings: this.warnings } : json;
      this.io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    } else if (human !== '') {
      this.io.stdout.write(human.endsWith('\n') ? human : `${human}\n`);
    }
  }

  error(report: ErrorReport, stack?: string): void {
    if (this.json) {
      this.io.stdout.write(`${JSON.stringify({ error: report }, null, 2)}\n`);
    }
    const lines = [`error: ${report.message}`];
    if (report.details?.conflicts && Array.isArray(report.details.conflicts)) {
      for (const c of report.details.conflicts as {
        kind?: string;
        name?: string;
        requirements?: { range: string; requiredBy: string }[];
      }[]) {
        const reqs = (c.requirements ?? []).map((r) => `${r.range} (from ${r.requiredBy})`).join(', ');
        lines.push(`  ${c.name ?? ''}: ${c.kind ?? 'conflict'}${reqs ? ` — ${reqs}` : ''}`);
      }
    }
    if (report.hint) lines.push(`hint: ${report.hint}`);
    if (stack && this.verbose) lines.push(stack);
    this.io.stderr.write(`${lines.join('\n')}\n`);
  }
}

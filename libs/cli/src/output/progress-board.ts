import { formatBytes, truncate } from './format.js';

interface Bar {
  label: string;
  done: number;
  total: number;
  finished: boolean;
}

const WIDTH = 24;
const MAX_LINES = 8;
const RENDER_EVERY_MS = 80;

/**
 * Progress bars on a terminal (stderr): one line per active transfer and a total line,
 * redrawn in place. Only created when stderr is a TTY and --json is off, so pipes and logs
 * never see escape codes.
 */
export class ProgressBoard {
  private readonly bars = new Map<string, Bar>();
  private drawn = 0;
  private lastRender = 0;
  private completed = 0;

  constructor(
    private readonly stream: { write(text: string): unknown; columns?: number },
    private readonly title: string,
    private readonly expected: number,
  ) {}

  update(id: string, label: string, done: number, total: number, finished = false): void {
    const bar = this.bars.get(id) ?? { label, done: 0, total, finished: false };
    if (finished && !bar.finished) this.completed++;
    Object.assign(bar, { label, done, total, finished });
    this.bars.set(id, bar);
    const now = Date.now();
    if (finished || now - this.lastRender >= RENDER_EVERY_MS) this.render(now);
  }

  /** Clears the bars; the caller prints its summary after. */
  finish(): void {
    this.erase();
  }

  private render(now: number): void {
    this.lastRender = now;
    const columns = Math.max(40, this.stream.columns ?? 80);
    const active = [...this.bars.values()].filter((b) => !b.finished).slice(0, MAX_LINES);
    const total = [...this.bars.values()].reduce((sum, b) => sum + b.total, 0);
    const done = [...this.bars.values()].reduce((sum, b) => sum + b.done, 0);
    const lines = [
      `${this.title} ${this.completed}/${this.expected}  ${formatBytes(done)}${total ? ` / ${formatBytes(total)}` : ''}`,
      ...active.map((b) => `  ${bar(b.total ? b.done / b.total : 0)} ${truncate(b.label, columns - WIDTH - 6)}`),
    ].map((l) => truncate(l, columns - 1));
    this.erase();
    this.stream.write(`${lines.join('\n')}\n`);
    this.drawn = lines.length;
  }

  private erase(): void {
    if (this.drawn > 0) this.stream.write(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }
}

const bar = (fraction: number): string => {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}]`;
};

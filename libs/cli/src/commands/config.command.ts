import type { CommandSpec } from '../args/command-spec.js';
import { SETTING_SPECS } from '../config/settings.js';
import { table } from '../output/format.js';

export const configCommand: CommandSpec = {
  name: 'config',
  summary: 'show the effective settings and where each comes from (flag, env, config file, default)',
  usage: 'market config',
  options: {},
  positionals: { min: 0, max: 0 },
  examples: ['market config', 'MARKET_URL=http://registry.internal:7100 market config --json'],
  run: async (ctx) => {
    const rows = SETTING_SPECS.map((spec) => {
      const raw = ctx.settings[spec.name];
      const value = spec.name === 'timeoutMs' ? (raw as number) / 1000 : raw;
      return { key: spec.key, env: spec.env, value, source: ctx.config.sources[spec.name] };
    });
    return {
      json: { configFile: ctx.config.file ?? null, settings: rows },
      human: [
        table(
          ['SETTING', 'VALUE', 'FROM'],
          rows.map((r) => [r.key, String(r.value), r.source === 'env' ? `env ${r.env}` : r.source]),
        ),
        `config file: ${ctx.config.file ?? '(none)'}`,
        'precedence: --flag > environment > config file > default',
      ].join('\n'),
    };
  },
};

import type { CommandSpec } from '../args/command-spec.js';
import { stringOption } from '../command-context.js';
import { usageError } from '../errors/cli-error.js';
import { table } from '../output/format.js';
import { parseExactVersion, parsePackageName } from '../project/package-requirement.js';

/** yank, unyank, deprecate and dist-tag add|rm|ls: signed commands on published versions. */

export const yankCommand: CommandSpec = {
  name: 'yank',
  summary: 'yank a version: resolvers stop choosing it (lockfiles that pin it still install it)',
  usage: 'market yank <name@version> --reason <text>',
  options: { reason: { type: 'string', value: 'text', description: 'why (shown to consumers); required' } },
  positionals: { min: 1, max: 1 },
  examples: ['market yank demo/rest-api@1.0.1 --reason "leaks the API token into generated code"'],
  run: async (ctx) => {
    const { name, version } = parseExactVersion(ctx.positionals[0]!);
    const reason = stringOption(ctx, 'reason');
    if (!reason?.trim()) throw usageError('yank needs --reason "<why>": consumers see it');
    const event = await ctx.client().yank(name, version, reason, await ctx.signer());
    return { json: { action: 'yank', name, version, reason, event: event.type }, human: `yanked ${name}@${version}` };
  },
};

export const unyankCommand: CommandSpec = {
  name: 'unyank',
  summary: 'undo a yank',
  usage: 'market unyank <name@version> [--reason <text>]',
  options: { reason: { type: 'string', value: 'text', description: 'why it is safe again' } },
  positionals: { min: 1, max: 1 },
  examples: ['market unyank demo/rest-api@1.0.1 --reason "false alarm"'],
  run: async (ctx) => {
    const { name, version } = parseExactVersion(ctx.positionals[0]!);
    const reason = stringOption(ctx, 'reason') ?? '';
    const event = await ctx.client().unyank(name, version, reason, await ctx.signer());
    return {
      json: { action: 'unyank', name, version, reason, event: event.type },
      human: `unyanked ${name}@${version}`,
    };
  },
};

export const deprecateCommand: CommandSpec = {
  name: 'deprecate',
  summary: 'mark a version deprecated with a message (it stays installable)',
  usage: 'market deprecate <name@version> --message <text>',
  options: { message: { type: 'string', value: 'text', description: 'what to use instead; required' } },
  positionals: { min: 1, max: 1 },
  examples: ['market deprecate demo/rest-api@1.0.0 --message "use 2.x: the 1.x templates target an old framework"'],
  run: async (ctx) => {
    const { name, version } = parseExactVersion(ctx.positionals[0]!);
    const message = stringOption(ctx, 'message');
    if (message === undefined) throw usageError('deprecate needs --message "<what to use instead>"');
    const event = await ctx.client().deprecate(name, version, message, await ctx.signer());
    return {
      json: { action: 'deprecate', name, version, message, event: event.type },
      human: `deprecated ${name}@${version}: ${message}`,
    };
  },
};

export const distTagAddCommand: CommandSpec = {
  name: 'dist-tag add',
  summary: 'point a dist-tag (e.g. beta, stable) at a version',
  usage: 'market dist-tag add <name@version> <tag>',
  options: {},
  positionals: { min: 2, max: 2 },
  examples: ['market dist-tag add demo/rest-api@1.1.0 stable'],
  run: async (ctx) => {
    const { name, version } = parseExactVersion(ctx.positionals[0]!);
    const tag = ctx.positionals[1]!;
    const event = await ctx.client().setDistTag(name, tag, version, await ctx.signer());
    return {
      json: { action: 'dist-tag-set', name, tag, version, event: event.type },
      human: `${name}: ${tag} → ${version}`,
    };
  },
};

export const distTagRmCommand: CommandSpec = {
  name: 'dist-tag rm',
  summary: 'remove a dist-tag',
  usage: 'market dist-tag rm <name> <tag>',
  options: {},
  positionals: { min: 2, max: 2 },
  examples: ['market dist-tag rm demo/rest-api stable'],
  run: async (ctx) => {
    const name = parsePackageName(ctx.positionals[0]!);
    const tag = ctx.positionals[1]!;
    const event = await ctx.client().removeDistTag(name, tag, await ctx.signer());
    return {
      json: { action: 'dist-tag-remove', name, tag, event: event.type },
      human: `${name}: removed dist-tag ${tag}`,
    };
  },
};

export const distTagLsCommand: CommandSpec = {
  name: 'dist-tag ls',
  summary: "list a pack's dist-tags",
  usage: 'market dist-tag ls <name>',
  options: {},
  positionals: { min: 1, max: 1 },
  examples: ['market dist-tag ls demo/rest-api'],
  run: async (ctx) => {
    const name = parsePackageName(ctx.positionals[0]!);
    const pkg = await ctx.client().getPackage(name);
    const rows = Object.entries(pkg.distTags);
    return {
      json: { name: pkg.name, distTags: pkg.distTags },
      human: rows.length ? table(['TAG', 'VERSION'], rows) : `${pkg.name} has no dist-tags`,
    };
  },
};

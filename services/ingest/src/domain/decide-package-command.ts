import type { EventData } from '@market/contracts';
import type { PackageState, VersionState } from './package-state.js';
import { versionOf } from './package-state.js';

/** Commands on an existing package, already authenticated (signature, key, namespace). */
export type PackageCommand =
  | { action: 'yank'; name: string; version: string; reason: string }
  | { action: 'unyank'; name: string; version: string; reason: string }
  | { action: 'deprecate'; name: string; version: string; message: string }
  | { action: 'dist-tag-set'; name: string; tag: string; version: string }
  | { action: 'dist-tag-remove'; name: string; tag: string };

export type PackageCommandEvent =
  | { type: 'PackageVersionYanked'; data: EventData<'PackageVersionYanked'> }
  | { type: 'PackageVersionUnyanked'; data: EventData<'PackageVersionUnyanked'> }
  | { type: 'PackageVersionDeprecated'; data: EventData<'PackageVersionDeprecated'> }
  | { type: 'DistTagSet'; data: EventData<'DistTagSet'> }
  | { type: 'DistTagRemoved'; data: EventData<'DistTagRemoved'> };

export type PackageCommandRefusal = {
  ok: false;
  status: 404 | 409;
  code:
    | 'package_not_found'
    | 'version_not_found'
    | 'version_not_published'
    | 'already_yanked'
    | 'not_yanked'
    | 'version_yanked'
    | 'dist_tag_not_found';
  detail: string;
};

export type PackageCommandDecision = { ok: true; event: PackageCommandEvent } | PackageCommandRefusal;

type Published = Extract<VersionState, { status: 'published' }>;

const refuse = (status: 404 | 409, code: PackageCommandRefusal['code'], detail: string): PackageCommandRefusal => ({
  ok: false,
  status,
  code,
  detail,
});

const requirePublished = (state: PackageState, name: string, version: string): Published | PackageCommandRefusal => {
  if (state.versions.size === 0) return refuse(404, 'package_not_found', `no package ${name}`);
  const current = versionOf(state, version);
  if (!current) return refuse(404, 'version_not_found', `no version ${name}@${version}`);
  if (current.status !== 'published') {
    return refuse(409, 'version_not_published', `${name}@${version} is ${current.status}, not published`);
  }
  return current;
};

const isRefusal = (v: Published | PackageCommandRefusal): v is PackageCommandRefusal => 'ok' in v;

/** Pure: what a yank, unyank, deprecation or dist-tag change appends, or why it is refused. */
export const decidePackageCommand = (state: PackageState, command: PackageCommand): PackageCommandDecision => {
  switch (command.action) {
    case 'yank': {
      const v = requirePublished(state, command.name, command.version);
      if (isRefusal(v)) return v;
      if (v.yanked) return refuse(409, 'already_yanked', `${command.name}@${command.version} is already yanked`);
      const { name, version, reason } = command;
      return { ok: true, event: { type: 'PackageVersionYanked', data: { name, version, reason } } };
    }
    case 'unyank': {
      const v = requirePublished(state, command.name, command.version);
      if (isRefusal(v)) return v;
      if (!v.yanked) return refuse(409, 'not_yanked', `${command.name}@${command.version} is not yanked`);
      const { name, version, reason } = command;
      return { ok: true, event: { type: 'PackageVersionUnyanked', data: { name, version, reason } } };
    }
    case 'deprecate': {
      const v = requirePublished(state, command.name, command.version);
      if (isRefusal(v)) return v;
      const { name, version, message } = command;
      return { ok: true, event: { type: 'PackageVersionDeprecated', data: { name, version, message } } };
    }
    case 'dist-tag-set': {
      const v = requirePublished(state, command.name, command.version);
      if (isRefusal(v)) return v;
      // A tag is a recommendation to install; pointing it at a yanked version would contradict the yank.
      if (v.yanked) return refuse(409, 'version_yanked', `${command.name}@${command.version} is yanked`);
      const { name, tag, version } = command;
      return { ok: true, event: { type: 'DistTagSet', data: { name, tag, version } } };
    }
    case 'dist-tag-remove': {
      if (state.versions.size === 0) return refuse(404, 'package_not_found', `no package ${command.name}`);
      if (!state.distTags.has(command.tag)) {
        return refuse(404, 'dist_tag_not_found', `${command.name} has no dist-tag ${command.tag}`);
      }
      const { name, tag } = command;
      return { ok: true, event: { type: 'DistTagRemoved', data: { name, tag } } };
    }
  }
};

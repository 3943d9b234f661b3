import { PermissionFlagsBits } from 'discord-api-types/v10';

export const allPermissions = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** What a member gets in a fresh server: see and talk in channels, and use apps installed to their own account. */
export const defaultEveryonePermissions =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.UseExternalApps |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.MentionEveryone;

export interface Overwrite {
  /** Role or member id. */
  id: string;
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface PermissionSubject {
  guildId: string;
  ownerId: string;
  userId: string;
  memberRoleIds: readonly string[];
  rolePermissions: ReadonlyMap<string, bigint>;
  overwrites: readonly Overwrite[];
}

/** Discord's algorithm: base from @everyone and roles, Administrator wins, then channel overwrites in order. */
export function computePermissions(subject: PermissionSubject): bigint {
  if (subject.userId === subject.ownerId) return allPermissions;
  let base = subject.rolePermissions.get(subject.guildId) ?? 0n;
  for (const roleId of subject.memberRoleIds) base |= subject.rolePermissions.get(roleId) ?? 0n;
  if ((base & PermissionFlagsBits.Administrator) !== 0n) return allPermissions;
  let permissions = base;
  const everyone = subject.overwrites.find((o) => o.id === subject.guildId);
  if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
  let roleAllow = 0n;
  let roleDeny = 0n;
  for (const overwrite of subject.overwrites) {
    if (overwrite.type === 0 && subject.memberRoleIds.includes(overwrite.id)) {
      roleAllow |= overwrite.allow;
      roleDeny |= overwrite.deny;
    }
  }
  permissions = (permissions & ~roleDeny) | roleAllow;
  const member = subject.overwrites.find((o) => o.type === 1 && o.id === subject.userId);
  if (member) permissions = (permissions & ~member.deny) | member.allow;
  // Without View Channel nothing else in the channel applies.
  if ((permissions & PermissionFlagsBits.ViewChannel) === 0n) return 0n;
  return permissions;
}

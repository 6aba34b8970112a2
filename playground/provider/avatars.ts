/**
 * Avatars of the sample users and organizations, drawn here as SVG so that the playground never
 * loads an image from Hugging Face's CDN: a coloured disc with the handle's first letter.
 */
import { createHash } from 'node:crypto';

import { type SampleUser } from './users.js';

const AVATAR_PATH = /^\/avatars\/([a-z0-9-]+)\.svg$/;

/** Every handle that has an avatar: the sample users and their organizations. */
export const avatarHandles = (users: readonly SampleUser[]) =>
  new Set(users.flatMap((user) => [user.handle, ...user.orgs.map((org) => org.handle)]));

/** The handle an avatar path names, if it is one. */
export const handleOfAvatarPath = (pathname: string) => AVATAR_PATH.exec(pathname)?.[1];

export function renderAvatar(handle: string): string {
  const hue = createHash('sha256').update(handle).digest().readUInt16BE(0) % 360;
  const initial = handle.charAt(0).toUpperCase();
  return `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">
<circle cx="64" cy="64" r="64" fill="hsl(${hue} 70% 55%)"/>
<text x="64" y="84" font-family="system-ui, sans-serif" font-size="60" font-weight="700" fill="#fff" text-anchor="middle">${initial}</text>
</svg>`;
}

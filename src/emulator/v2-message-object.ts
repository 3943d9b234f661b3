import { ComponentType } from 'discord-api-types/v10';
import { pngSize } from './png-size.js';
import type { RecordedAttachment } from './state.js';

/**
 * The components of a v2 message as Discord stores and returns them: every component without an id (or with id 0)
 * gets the next free one in reading order, skipping ids the app chose; an `attachment://name` media item gets the
 * fields the API fills in (attachment_id, content_type, width/height of an image), and a File its `name` and `size`.
 * The url stays `attachment://name`, which both playground renderers resolve against the message's attachments.
 */

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

function everyComponent(tree: readonly unknown[], visit: (component: Raw) => void): void {
  const walk = (node: unknown): void => {
    if (!isObject(node)) return;
    visit(node);
    if (Array.isArray(node.components)) node.components.forEach(walk);
    walk(node.accessory);
  };
  tree.forEach(walk);
}

function attachmentOf(media: unknown, attachments: readonly RecordedAttachment[]): RecordedAttachment | undefined {
  if (!isObject(media) || typeof media.url !== 'string' || !media.url.startsWith('attachment://')) return undefined;
  const name = media.url.slice('attachment://'.length);
  return attachments.find((attachment) => attachment.filename === name);
}

function unfurl(media: Raw, attachment: RecordedAttachment): void {
  const size = pngSize(attachment.data);
  Object.assign(media, {
    proxy_url: attachment.url,
    content_type: attachment.contentType,
    attachment_id: attachment.id,
    ...(attachment.contentType.startsWith('image/') || size ? { width: size?.width ?? null, height: size?.height ?? null } : {}),
  });
}

export function storedV2Components(components: readonly unknown[], attachments: readonly RecordedAttachment[]): unknown[] {
  const tree = structuredClone(components) as unknown[];
  const used = new Set<number>();
  everyComponent(tree, (component) => {
    if (typeof component.id === 'number' && component.id !== 0) used.add(component.id);
  });
  let next = 1;
  everyComponent(tree, (component) => {
    if (typeof component.id !== 'number' || component.id === 0) {
      while (used.has(next)) next++;
      component.id = next;
      used.add(next);
    }
    const medias = component.type === ComponentType.MediaGallery && Array.isArray(component.items) ? component.items.map((item: unknown) => (isObject(item) ? item.media : undefined)) : [component.media, component.file];
    for (const media of medias) {
      const attachment = attachmentOf(media, attachments);
      if (attachment && isObject(media)) unfurl(media, attachment);
    }
    const file = component.type === ComponentType.File ? attachmentOf(component.file, attachments) : undefined;
    if (file) Object.assign(component, { name: file.filename, size: file.size });
  });
  return tree;
}

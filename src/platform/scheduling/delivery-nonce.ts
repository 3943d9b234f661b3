import { createHash } from 'node:crypto';
import type { DeliveryKey } from '../store/delivery-repository.js';

/**
 * Discord's nonce (≤ 25 characters) for message `index` of a delivery: the same key and index always give
 * the same nonce, so a re-sent message is recognised. The first message's nonce is the key's alone.
 */
export function deliveryNonce(key: DeliveryKey, index = 0): string {
  const base = `${key.guildId}|${key.kind}|${key.subjectId}|${key.weekKey}`;
  const digest = createHash('sha256').update(index === 0 ? base : `${base}#${index}`).digest('base64url');
  return `g${digest.slice(0, 24)}`;
}

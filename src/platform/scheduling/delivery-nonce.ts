import { createHash } from 'node:crypto';
import type { DeliveryKey } from '../store/delivery-repository.js';

/** Discord's nonce (≤ 25 characters) for a delivery: the same key always gives the same nonce. */
export function deliveryNonce(key: DeliveryKey): string {
  const digest = createHash('sha256').update(`${key.guildId}|${key.kind}|${key.subjectId}|${key.weekKey}`).digest('base64url');
  return `g${digest.slice(0, 24)}`;
}

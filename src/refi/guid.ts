// Deterministic GUIDs for REFI-QDA elements: the same key always gives the same GUID, so exports are byte-identical.
import { createHash } from 'node:crypto';

/**
 * A name-based GUID (RFC 9562 version 5 layout: SHA-1 of a namespace and the key), lower case,
 * without braces, e.g. `guidFor('code', 'networking.accidental')`. Different kinds never collide
 * because the kind is part of the hashed name.
 */
export function guidFor(kind: string, key: string): string {
  const hash = createHash('sha1').update(`qeval-refi\u0000${kind}\u0000${key}`, 'utf8').digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A GUID as written by any tool (upper or lower case, with or without braces) in one comparable form. */
export function normalizeGuid(guid: string): string {
  return guid.trim().replace(/^\{|\}$/g, '').toLowerCase();
}

// BER-TLV as EMV uses it (EMV Book 3 Annex B): tags of one or more bytes, definite lengths only,
// constructed objects (bit 6 of the first tag byte) holding more TLV. Every decoding error names the
// byte offset and what went wrong, because "invalid QR" alone sends the cashier nowhere and gives
// support nothing to go on. Errors carry positions and tags only, never value bytes.

import type { ErrorCode } from '../errors';
import { KasirError } from '../errors';
import { bytesToHex, isHex } from './hex';

export interface TlvObject {
  /** Upper-case hex of the tag bytes, e.g. '85', '61', '9F25'. */
  tag: string;
  constructed: boolean;
  /** Offset of the tag's first byte from the start of the decoded buffer. */
  offset: number;
  value: Uint8Array;
  /** Present exactly when `constructed`: the objects inside, decoded recursively. */
  children?: TlvObject[];
}

export type TlvInput = { tag: string; value: Uint8Array } | { tag: string; children: readonly TlvInput[] };

export type TlvErrorReason =
  | 'truncated-tag'
  | 'truncated-length'
  | 'value-overruns'
  | 'indefinite-length'
  | 'unsupported-length'
  | 'invalid-tag'
  | 'trailing-garbage'
  | 'too-deep';

const TLV_CODES: Readonly<Record<TlvErrorReason, ErrorCode>> = {
  'truncated-tag': 'TLV_TRUNCATED_TAG',
  'truncated-length': 'TLV_TRUNCATED_LENGTH',
  'value-overruns': 'TLV_VALUE_OVERRUNS',
  'indefinite-length': 'TLV_INDEFINITE_LENGTH',
  'unsupported-length': 'TLV_UNSUPPORTED_LENGTH',
  'invalid-tag': 'TLV_INVALID_TAG',
  'trailing-garbage': 'TLV_TRAILING_GARBAGE',
  'too-deep': 'TLV_TOO_DEEP',
};

/** EMV tags are one to three bytes; four leaves room for national profiles without accepting runaway junk. */
const MAX_TAG_BYTES = 4;
/** EMV nests two or three levels; anything deeper is corrupt data, and the bound keeps recursion small. */
const MAX_DEPTH = 16;

interface TlvErrorDetail {
  reason: TlvErrorReason;
  offset: number;
  depth: number;
  tag?: string;
  declaredLength?: number;
  available?: number;
}

function describe(detail: TlvErrorDetail): { id: string; en: string } {
  const at = detail.offset;
  const tag = detail.tag ?? '?';
  switch (detail.reason) {
    case 'truncated-tag':
      return {
        id: `Data berakhir di tengah tag pada byte ${at}.`,
        en: `The data ends in the middle of a tag at byte ${at}.`,
      };
    case 'truncated-length':
      return {
        id: `Data berakhir sebelum panjang tag ${tag} lengkap (byte ${at}).`,
        en: `The data ends before the length of tag ${tag} is complete (byte ${at}).`,
      };
    case 'value-overruns':
      return {
        id: `Tag ${tag} di byte ${at} menyatakan ${detail.declaredLength} byte, tetapi hanya tersisa ${detail.available}.`,
        en: `Tag ${tag} at byte ${at} declares ${detail.declaredLength} bytes but only ${detail.available} remain.`,
      };
    case 'indefinite-length':
      return {
        id: `Tag ${tag} memakai panjang tak tentu (80) di byte ${at}; tidak diizinkan.`,
        en: `Tag ${tag} uses an indefinite length (80) at byte ${at}, which is not allowed.`,
      };
    case 'unsupported-length':
      return {
        id: `Bentuk panjang tag ${tag} di byte ${at} tidak didukung.`,
        en: `The length form of tag ${tag} at byte ${at} is not supported.`,
      };
    case 'invalid-tag':
      return { id: `Tag tidak sah di byte ${at}.`, en: `Invalid tag at byte ${at}.` };
    case 'trailing-garbage':
      return {
        id: `Ada sisa data tak bermakna mulai byte ${at}.`,
        en: `Meaningless trailing data starts at byte ${at}.`,
      };
    case 'too-deep':
      return {
        id: `Template bersarang terlalu dalam di byte ${at}.`,
        en: `Templates are nested too deeply at byte ${at}.`,
      };
  }
}

export class TlvDecodeError extends KasirError {
  readonly reason: TlvErrorReason;
  /** Byte offset of the problem from the start of the decoded buffer. */
  readonly offset: number;
  /** 0 for a top-level object, 1 inside a template, and so on. */
  readonly depth: number;
  readonly tag: string | undefined;

  constructor(detail: TlvErrorDetail) {
    super({
      code: TLV_CODES[detail.reason],
      message: describe(detail),
      raw: detail,
    });
    this.name = 'TlvDecodeError';
    this.reason = detail.reason;
    this.offset = detail.offset;
    this.depth = detail.depth;
    this.tag = detail.tag;
  }
}

export class TlvEncodeError extends KasirError {
  constructor(detail: string) {
    super({
      code: 'TLV_ENCODE_INVALID',
      message: {
        id: `Data QR tidak dapat disusun: ${detail}`,
        en: `The QR data cannot be built: ${detail}`,
      },
    });
    this.name = 'TlvEncodeError';
  }
}

/** Decodes a whole buffer as a sequence of BER-TLV objects; constructed ones are decoded recursively. */
export function decodeTlv(bytes: Uint8Array): TlvObject[] {
  return decodeRange(bytes, 0, bytes.length, 0);
}

function byteAt(bytes: Uint8Array, index: number): number {
  // Callers check bounds first; the fallback only satisfies the index type.
  return bytes[index] ?? 0;
}

function decodeRange(bytes: Uint8Array, start: number, end: number, depth: number): TlvObject[] {
  if (depth > MAX_DEPTH) throw new TlvDecodeError({ reason: 'too-deep', offset: start, depth });
  const objects: TlvObject[] = [];
  let pos = start;
  while (pos < end) {
    const objectStart = pos;
    const first = byteAt(bytes, pos);

    // EMV reserves 00 and FF as filler between records; in a QR they are leftovers or noise.
    if (first === 0x00 || first === 0xff) {
      const onlyFiller = bytes.subarray(pos, end).every((b) => b === 0x00 || b === 0xff);
      throw new TlvDecodeError({
        reason: onlyFiller ? 'trailing-garbage' : 'invalid-tag',
        offset: pos,
        depth,
      });
    }

    let tagEnd = pos + 1;
    if ((first & 0x1f) === 0x1f) {
      for (;;) {
        if (tagEnd >= end) throw new TlvDecodeError({ reason: 'truncated-tag', offset: objectStart, depth });
        if (tagEnd - pos >= MAX_TAG_BYTES)
          throw new TlvDecodeError({ reason: 'invalid-tag', offset: pos, depth });
        const next = byteAt(bytes, tagEnd);
        tagEnd++;
        if ((next & 0x80) === 0) break;
      }
    }
    const tag = bytesToHex(bytes.subarray(pos, tagEnd));

    if (tagEnd >= end) throw new TlvDecodeError({ reason: 'truncated-length', offset: tagEnd, depth, tag });
    const lengthByte = byteAt(bytes, tagEnd);
    let length: number;
    let valueStart: number;
    if (lengthByte < 0x80) {
      length = lengthByte;
      valueStart = tagEnd + 1;
    } else if (lengthByte === 0x80) {
      throw new TlvDecodeError({ reason: 'indefinite-length', offset: tagEnd, depth, tag });
    } else {
      const count = lengthByte & 0x7f;
      if (count > 4) throw new TlvDecodeError({ reason: 'unsupported-length', offset: tagEnd, depth, tag });
      if (tagEnd + 1 + count > end) {
        throw new TlvDecodeError({ reason: 'truncated-length', offset: tagEnd, depth, tag });
      }
      length = 0;
      for (let i = 1; i <= count; i++) length = length * 256 + byteAt(bytes, tagEnd + i);
      valueStart = tagEnd + 1 + count;
    }

    const valueEnd = valueStart + length;
    if (valueEnd > end) {
      throw new TlvDecodeError({
        reason: 'value-overruns',
        offset: objectStart,
        depth,
        tag,
        declaredLength: length,
        available: end - valueStart,
      });
    }

    const constructed = (first & 0x20) !== 0;
    const value = bytes.subarray(valueStart, valueEnd);
    objects.push(
      constructed
        ? {
            tag,
            constructed,
            offset: objectStart,
            value,
            children: decodeRange(bytes, valueStart, valueEnd, depth + 1),
          }
        : { tag, constructed, offset: objectStart, value },
    );
    pos = valueEnd;
  }
  return objects;
}

/** The first object with this tag among `objects` (not searching inside templates). */
export function findTlv(objects: readonly TlvObject[], tag: string): TlvObject | undefined {
  const wanted = tag.toUpperCase();
  return objects.find((o) => o.tag === wanted);
}

export function findAllTlv(objects: readonly TlvObject[], tag: string): TlvObject[] {
  const wanted = tag.toUpperCase();
  return objects.filter((o) => o.tag === wanted);
}

/** Validates a tag written in hex against the BER multi-byte rules and returns its bytes. */
export function tagBytes(tagHex: string): Uint8Array {
  if (tagHex === '' || !isHex(tagHex)) throw new TlvEncodeError(`tag ${JSON.stringify(tagHex)} is not hex`);
  const bytes = Uint8Array.from(tagHex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
  const first = byteAt(bytes, 0);
  if (bytes.length > MAX_TAG_BYTES || first === 0x00 || first === 0xff) {
    throw new TlvEncodeError(`tag ${tagHex} is not a valid tag`);
  }
  const multiByte = (first & 0x1f) === 0x1f;
  if (!multiByte && bytes.length !== 1)
    throw new TlvEncodeError(`tag ${tagHex}: its first byte says one byte`);
  if (multiByte) {
    if (bytes.length < 2) throw new TlvEncodeError(`tag ${tagHex}: its first byte says more bytes follow`);
    for (let i = 1; i < bytes.length; i++) {
      const more = (byteAt(bytes, i) & 0x80) !== 0;
      if (more !== i < bytes.length - 1)
        throw new TlvEncodeError(`tag ${tagHex}: continuation bits are wrong`);
    }
  }
  return bytes;
}

/** Definite length, shortest form: 0–127 in one byte, then 81 xx, 82 xx xx, and so on. */
export function encodeLength(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0 || length > 0xffffffff) {
    throw new TlvEncodeError(`length ${length} is out of range`);
  }
  if (length < 0x80) return Uint8Array.of(length);
  const digits: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) digits.unshift(rest % 256);
  return Uint8Array.of(0x80 | digits.length, ...digits);
}

export function encodeTlv(objects: readonly TlvInput[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const object of objects) {
    const tag = tagBytes(object.tag);
    const constructed = (byteAt(tag, 0) & 0x20) !== 0;
    let value: Uint8Array;
    if ('children' in object) {
      if (!constructed) throw new TlvEncodeError(`tag ${object.tag} is primitive and cannot hold other tags`);
      value = encodeTlv(object.children);
    } else {
      value = object.value;
    }
    parts.push(tag, encodeLength(value.length), value);
  }
  return concatBytes(parts);
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let pos = 0;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}

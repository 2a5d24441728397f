import { crc32 } from 'node:zlib';

/**
 * Byte-level mutations of valid images for the fuzz test: where each format keeps its header
 * fields (sizes, chunk and segment lengths, counts, offsets), and edits that damage bytes the
 * way a hostile file or a broken download does. Parsers here are deliberately forgiving: they
 * walk what they can and stop at the first thing that does not fit.
 */

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'tiff' | 'heif';

/** An unsigned integer stored in the file. */
export interface HeaderField {
  readonly name: string;
  readonly offset: number;
  readonly size: 1 | 2 | 3 | 4;
  readonly littleEndian: boolean;
}

function readUint(bytes: Uint8Array, field: HeaderField): number {
  let value = 0;
  for (let i = 0; i < field.size; i++) {
    const byte = bytes[field.offset + (field.littleEndian ? field.size - 1 - i : i)] ?? 0;
    value = value * 256 + byte;
  }
  return value;
}

function writeUint(bytes: Uint8Array, field: HeaderField, value: number): void {
  let rest = value;
  for (let i = 0; i < field.size; i++) {
    const at = field.offset + (field.littleEndian ? i : field.size - 1 - i);
    if (at < bytes.length) bytes[at] = rest % 256;
    rest = Math.floor(rest / 256);
  }
}

const u8 = (name: string, offset: number): HeaderField => ({
  name,
  offset,
  size: 1,
  littleEndian: false,
});
const be = (name: string, offset: number, size: 2 | 3 | 4): HeaderField => ({
  name,
  offset,
  size,
  littleEndian: false,
});
const le = (name: string, offset: number, size: 2 | 3 | 4): HeaderField => ({
  name,
  offset,
  size,
  littleEndian: true,
});

const ascii = (bytes: Uint8Array, offset: number, length: number): string =>
  String.fromCharCode(...bytes.subarray(offset, offset + length));

function pngFields(bytes: Uint8Array): HeaderField[] {
  const fields: HeaderField[] = [];
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = readUint(bytes, be('', at, 4));
    const type = ascii(bytes, at + 4, 4);
    fields.push(be(`${type} length`, at, 4));
    if (type === 'IHDR') {
      fields.push(
        be('IHDR width', at + 8, 4),
        be('IHDR height', at + 12, 4),
        u8('IHDR bit depth', at + 16),
        u8('IHDR colour type', at + 17),
        u8('IHDR compression', at + 18),
        u8('IHDR filter', at + 19),
        u8('IHDR interlace', at + 20),
      );
    }
    at += 12 + length;
  }
  return fields;
}

/** Recomputes every PNG chunk's CRC, so that a damaged chunk reaches the decoder proper. */
export function repairPngCrcs(bytes: Uint8Array): void {
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = readUint(bytes, be('', at, 4));
    if (at + 12 + length > bytes.length) return;
    writeUint(bytes, be('', at + 8 + length, 4), crc32(bytes.subarray(at + 4, at + 8 + length)));
    at += 12 + length;
  }
}

/** TIFF directory entries (also EXIF inside a JPEG), offsets relative to `base`. */
function tiffFields(bytes: Uint8Array, base: number, prefix: string): HeaderField[] {
  const order = ascii(bytes, base, 2);
  if (order !== 'II' && order !== 'MM') return [];
  const little = order === 'II';
  const field = (name: string, offset: number, size: 2 | 4): HeaderField =>
    little ? le(name, base + offset, size) : be(name, base + offset, size);
  const fields: HeaderField[] = [field(`${prefix}IFD0 offset`, 4, 4)];
  let ifd = readUint(bytes, field('', 4, 4));
  for (let directory = 0; directory < 4 && ifd > 0 && base + ifd + 2 <= bytes.length; directory++) {
    const count = readUint(bytes, field('', ifd, 2));
    fields.push(field(`${prefix}IFD${directory} entry count`, ifd, 2));
    for (let i = 0; i < Math.min(count, 64); i++) {
      const entry = ifd + 2 + i * 12;
      if (base + entry + 12 > bytes.length) return fields;
      const tag = readUint(bytes, field('', entry, 2));
      const type = readUint(bytes, field('', entry + 2, 2));
      const values = readUint(bytes, field('', entry + 4, 4));
      fields.push(
        field(`${prefix}tag ${tag} type`, entry + 2, 2),
        field(`${prefix}tag ${tag} count`, entry + 4, 4),
        // A single SHORT sits in the first half of the value field; anything else is a LONG
        // or an offset to the values.
        field(`${prefix}tag ${tag} value`, entry + 8, type === 3 && values === 1 ? 2 : 4),
      );
    }
    const next = ifd + 2 + count * 12;
    if (base + next + 4 > bytes.length) return fields;
    fields.push(field(`${prefix}IFD${directory} next`, next, 4));
    ifd = readUint(bytes, field('', next, 4));
  }
  return fields;
}

function jpegFields(bytes: Uint8Array): HeaderField[] {
  const fields: HeaderField[] = [];
  for (let at = 2; at + 4 <= bytes.length;) {
    if (bytes[at] !== 0xff) return fields;
    const marker = bytes[at + 1] ?? 0;
    const length = readUint(bytes, be('', at + 2, 2));
    const name = `marker ${marker.toString(16)}`;
    fields.push(be(`${name} length`, at + 2, 2));
    const isSof = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isSof) {
      fields.push(
        u8(`${name} precision`, at + 4),
        be(`${name} height`, at + 5, 2),
        be(`${name} width`, at + 7, 2),
        u8(`${name} components`, at + 9),
      );
      const components = bytes[at + 9] ?? 0;
      for (let c = 0; c < Math.min(components, 4); c++) {
        fields.push(
          u8(`${name} component ${c} sampling`, at + 11 + c * 3),
          u8(`${name} component ${c} table`, at + 12 + c * 3),
        );
      }
    }
    if (marker === 0xdd) fields.push(be('restart interval', at + 4, 2));
    if (marker === 0xe1 && ascii(bytes, at + 4, 6) === 'Exif\0\0') {
      fields.push(...tiffFields(bytes, at + 10, 'EXIF '));
    }
    if (marker === 0xda) {
      fields.push(u8('scan components', at + 4));
      for (let c = 0; c < Math.min(bytes[at + 4] ?? 0, 4); c++) {
        fields.push(u8(`scan component ${c} tables`, at + 6 + c * 2));
      }
      return fields;
    }
    at += 2 + length;
  }
  return fields;
}

function webpFields(bytes: Uint8Array): HeaderField[] {
  const fields: HeaderField[] = [le('RIFF size', 4, 4)];
  for (let at = 12; at + 8 <= bytes.length;) {
    const type = ascii(bytes, at, 4);
    const size = readUint(bytes, le('', at + 4, 4));
    fields.push(le(`${type} size`, at + 4, 4));
    const data = at + 8;
    switch (type) {
      case 'VP8X':
        fields.push(u8('VP8X flags', data), le('VP8X width-1', data + 4, 3));
        fields.push(le('VP8X height-1', data + 7, 3));
        break;
      case 'VP8 ':
        fields.push(le('VP8 frame tag', data, 3), le('VP8 width', data + 6, 2));
        fields.push(le('VP8 height', data + 8, 2));
        break;
      case 'VP8L':
        fields.push(u8('VP8L signature', data), le('VP8L size bits', data + 1, 4));
        break;
      case 'ANMF':
        fields.push(le('ANMF width-1', data + 6, 3), le('ANMF height-1', data + 9, 3));
        // An animation frame holds its own image chunks after its 16-byte header.
        at = data + 16;
        continue;
      default:
        break;
    }
    at = data + size + (size % 2);
  }
  return fields;
}

function gifFields(bytes: Uint8Array): HeaderField[] {
  const fields: HeaderField[] = [le('screen width', 6, 2), le('screen height', 8, 2)];
  fields.push(u8('screen flags', 10));
  const flags = bytes[10] ?? 0;
  let at = 13 + (flags & 0x80 ? 3 << ((flags & 7) + 1) : 0);
  const skipSubBlocks = (): void => {
    for (let guard = 0; at < bytes.length && guard < 10_000; guard++) {
      const size = bytes[at] ?? 0;
      fields.push(u8('sub-block size', at));
      at += 1 + size;
      if (size === 0) return;
    }
  };
  for (let frame = 0; at < bytes.length && frame < 8;) {
    const introducer = bytes[at];
    if (introducer === 0x21) {
      at += 2;
      skipSubBlocks();
    } else if (introducer === 0x2c) {
      fields.push(
        le(`frame ${frame} left`, at + 1, 2),
        le(`frame ${frame} top`, at + 3, 2),
        le(`frame ${frame} width`, at + 5, 2),
        le(`frame ${frame} height`, at + 7, 2),
        u8(`frame ${frame} flags`, at + 9),
      );
      const local = bytes[at + 9] ?? 0;
      at += 10 + (local & 0x80 ? 3 << ((local & 7) + 1) : 0);
      fields.push(u8(`frame ${frame} LZW code size`, at));
      at += 1;
      skipSubBlocks();
      frame++;
    } else {
      break;
    }
  }
  return fields;
}

/** ISO-BMFF boxes found by their type, wherever they are nested. */
function heifFields(bytes: Uint8Array): HeaderField[] {
  const boxes = new Set(['ftyp', 'meta', 'hdlr', 'pitm', 'iloc', 'iinf', 'infe', 'iprp']);
  for (const box of ['ipco', 'ispe', 'pixi', 'av1C', 'colr', 'ipma', 'mdat']) boxes.add(box);
  const fields: HeaderField[] = [];
  for (let at = 4; at + 4 <= bytes.length; at++) {
    const type = ascii(bytes, at, 4);
    if (!boxes.has(type)) continue;
    fields.push(be(`${type} size`, at - 4, 4));
    if (type === 'ispe') fields.push(be('ispe width', at + 8, 4), be('ispe height', at + 12, 4));
    if (type === 'iloc') fields.push(u8('iloc sizes', at + 8), be('iloc item count', at + 10, 2));
  }
  return fields;
}

/** The header fields of a valid image of `format`. */
export function headerFields(format: ImageFormat, bytes: Uint8Array): HeaderField[] {
  const parsers: Record<ImageFormat, (bytes: Uint8Array) => HeaderField[]> = {
    jpeg: jpegFields,
    png: pngFields,
    webp: webpFields,
    gif: gifFields,
    tiff: (b) => tiffFields(b, 0, ''),
    heif: heifFields,
  };
  return parsers[format](bytes).filter((field) => field.offset + field.size <= bytes.length);
}

/** How a header field is overwritten: values that break size arithmetic, or any value. */
export type FieldValue =
  | { readonly kind: 'zero' | 'one' | 'max' | 'max-1' | 'sign-bit' | 'sign-bit-1' }
  | { readonly kind: 'original+1' | 'original-1' | 'original*2' | 'original*256' }
  | { readonly kind: 'any'; readonly value: number };

export function fieldValue(field: HeaderField, original: number, value: FieldValue): number {
  const max = 2 ** (8 * field.size) - 1;
  const signBit = 2 ** (8 * field.size - 1);
  const values: Record<FieldValue['kind'], number> = {
    zero: 0,
    one: 1,
    max,
    'max-1': max - 1,
    'sign-bit': signBit,
    'sign-bit-1': signBit - 1,
    'original+1': original + 1,
    'original-1': original - 1,
    'original*2': original * 2,
    'original*256': original * 256,
    any: value.kind === 'any' ? value.value : 0,
  };
  return (((values[value.kind] % (max + 1)) + max + 1) % (max + 1)) >>> 0;
}

/** A position in the file: among the first bytes, where headers are, or anywhere. */
export type Position = { readonly fromStart: number } | { readonly permille: number };

function resolve(position: Position, length: number): number {
  if (length === 0) return 0;
  return 'fromStart' in position
    ? Math.min(position.fromStart, length - 1)
    : Math.floor((position.permille / 1000) * length);
}

export type ByteEdit =
  | { readonly type: 'flip'; readonly at: Position; readonly xor: number }
  | { readonly type: 'truncate'; readonly at: Position }
  | { readonly type: 'delete'; readonly at: Position; readonly length: number }
  | { readonly type: 'duplicate'; readonly at: Position; readonly length: number }
  | { readonly type: 'insert'; readonly at: Position; readonly bytes: Uint8Array }
  | { readonly type: 'overwrite'; readonly at: Position; readonly bytes: Uint8Array }
  /** This file's head up to `at`, then another image's tail from `otherAt`. */
  | {
      readonly type: 'splice';
      readonly at: Position;
      readonly other: Uint8Array;
      readonly otherAt: Position;
    };

export function applyEdit(bytes: Uint8Array, edit: ByteEdit): Uint8Array {
  const at = resolve(edit.at, bytes.length);
  const join = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));
  switch (edit.type) {
    case 'flip': {
      const copy = Uint8Array.from(bytes);
      if (at < copy.length) copy[at] = (copy[at] ?? 0) ^ edit.xor;
      return copy;
    }
    case 'truncate':
      return bytes.slice(0, at);
    case 'delete':
      return join(bytes.subarray(0, at), bytes.subarray(at + edit.length));
    case 'duplicate':
      return join(bytes.subarray(0, at + edit.length), bytes.subarray(at));
    case 'insert':
      return join(bytes.subarray(0, at), edit.bytes, bytes.subarray(at));
    case 'overwrite': {
      const copy = Uint8Array.from(bytes);
      copy.set(edit.bytes.subarray(0, Math.max(0, copy.length - at)), at);
      return copy;
    }
    case 'splice':
      return join(
        bytes.subarray(0, at),
        edit.other.subarray(resolve(edit.otherAt, edit.other.length)),
      );
  }
}

/** Overwrites one header field, returning a copy and what was written (for failure reports). */
export function overwriteField(
  bytes: Uint8Array,
  field: HeaderField,
  value: FieldValue,
): { bytes: Uint8Array; written: number } {
  const copy = Uint8Array.from(bytes);
  const written = fieldValue(field, readUint(bytes, field), value);
  writeUint(copy, field, written);
  return { bytes: copy, written };
}

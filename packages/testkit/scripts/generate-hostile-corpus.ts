// pnpm corpus:hostile [--out <dir>]
// Writes the hostile-input corpus (packages/testkit/fixtures/hostile): broken, lying and
// malicious files, each with the error code LeakWatch must answer on the image path and on
// the document-registration path (manifest.json). Deterministic: the same bytes on every run,
// which packages/testkit/test/hostile-corpus.test.ts checks against the committed copy.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { handmadePdf } from '../src/handmade-files.js';
import { hostileCorpusDir, hostileManifest, type HostileEntry } from '../src/hostile-corpus.js';

export interface HostileFile extends HostileEntry {
  bytes: Buffer;
}

/** mulberry32 seeded from a string: the same noise on every machine. */
function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5;
  for (const char of seed) state = Math.imul(state ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A small picture of a page (white, dark lines of "text", a little noise) as raw RGB. */
function pagePixels(width: number, height: number, seed: string): Buffer {
  const random = seededRandom(seed);
  const pixels = Buffer.alloc(width * height * 3, 0xff);
  for (let y = 4; y + 3 < height; y += 7) {
    const lineEnd = Math.floor(width * (0.5 + random() * 0.45));
    for (let x = 4; x < lineEnd; x += 1) {
      if (random() < 0.2) continue;
      for (let dy = 0; dy < 3; dy += 1) {
        const at = ((y + dy) * width + x) * 3;
        const ink = Math.floor(20 + random() * 60);
        pixels[at] = ink;
        pixels[at + 1] = ink;
        pixels[at + 2] = ink + 10;
      }
    }
  }
  return pixels;
}

const raw = (width: number, height: number, pageHeight = height) => ({
  raw: { width, height, channels: 3 as const, pageHeight },
});

/** The valid files the broken ones are cut from. Encoders are pinned (sharp 0.35.5). */
async function baseImages() {
  const [width, height] = [96, 64];
  const page = () => sharp(pagePixels(width, height, 'hostile-page'), raw(width, height));
  return {
    jpeg: await page().jpeg({ quality: 80 }).toBuffer(),
    // Level 0 writes stored deflate blocks: no compressor whose output could vary by CPU.
    png: await page().png({ compressionLevel: 0 }).toBuffer(),
    webp: await page().webp({ quality: 80 }).toBuffer(),
    gif: await page().gif().toBuffer(),
    tiff: await page().tiff({ compression: 'none' }).toBuffer(),
    avif: await page().avif({ quality: 50, effort: 0 }).toBuffer(),
  };
}

/** `frames` small different pictures stacked as one animation. */
async function animation(format: 'gif' | 'webp', frames: number): Promise<Buffer> {
  const [width, height] = [4, 4];
  const random = seededRandom(`animation-${format}`);
  const pixels = Buffer.alloc(width * height * frames * 3);
  // Every frame differs from the one before, so no encoder merges them.
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = random() < 0.5 ? 0 : 255;
  const stacked = sharp(pixels, raw(width, height * frames, height));
  return format === 'gif'
    ? stacked.gif({ loop: 0, delay: 10, effort: 1 }).toBuffer()
    : stacked.webp({ loop: 0, delay: 10, lossless: true, effort: 0 }).toBuffer();
}

// --- byte-level helpers -------------------------------------------------------------------

const ascii = (text: string) => Buffer.from(text, 'latin1');

function u16be(value: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(value);
  return out;
}

function u32be(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([ascii(type), data]);
  return Buffer.concat([u32be(data.length), typed, u32be(crc32(typed))]);
}

/** Offsets of the chunks of a PNG (after the 8-byte signature). */
function pngChunks(png: Buffer): { type: string; offset: number; length: number }[] {
  const chunks = [];
  for (let at = 8; at + 8 <= png.length;) {
    const length = png.readUInt32BE(at);
    chunks.push({ type: png.toString('latin1', at + 4, at + 8), offset: at, length });
    at += 12 + length;
  }
  return chunks;
}

/** Offsets of the markers of a JPEG, up to the start of scan. */
function jpegSegments(jpeg: Buffer): { marker: number; offset: number; length: number }[] {
  const segments = [];
  for (let at = 2; at + 4 <= jpeg.length;) {
    const marker = jpeg[at + 1] ?? 0;
    const length = jpeg.readUInt16BE(at + 2);
    segments.push({ marker, offset: at, length });
    if (marker === 0xda) break;
    at += 2 + length;
  }
  return segments;
}

function jpegSegment(jpeg: Buffer, marker: number) {
  const segment = jpegSegments(jpeg).find((s) => s.marker === marker);
  if (!segment) throw new Error(`no marker ${marker.toString(16)} in the base JPEG`);
  return segment;
}

/** The JPEG with its frame header (SOF0) claiming another size. */
function jpegClaiming(jpeg: Buffer, width: number, height: number): Buffer {
  const sof = jpegSegment(jpeg, 0xc0);
  const out = Buffer.from(jpeg);
  out.writeUInt16BE(height, sof.offset + 5);
  out.writeUInt16BE(width, sof.offset + 7);
  return out;
}

/**
 * A PNG whose header claims `width` × `height` but whose one IDAT holds a few KB: the
 * decompression bomb shape (the data would have to be hundreds of MB to fill the claim).
 */
function pngClaimingHuge(width: number, height: number): Buffer {
  const header = Buffer.concat([u32be(width), u32be(height), Buffer.from([8, 0, 0, 0, 0])]);
  // A valid zlib stream of 4 KB of zeros in stored blocks: rows of filter 0, black pixels.
  const zeros = Buffer.alloc(4096);
  const stored = Buffer.concat([
    Buffer.from([0x78, 0x01]),
    Buffer.from([0x00]),
    Buffer.from([
      zeros.length & 0xff,
      zeros.length >> 8,
      ~zeros.length & 0xff,
      (~zeros.length >> 8) & 0xff,
    ]),
    zeros,
  ]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', stored),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A GIF whose screen and only frame claim 65535 × 65535, with a few bytes of pixels. */
function gifClaimingHuge(): Buffer {
  return Buffer.concat([
    ascii('GIF89a'),
    Buffer.from([0xff, 0xff, 0xff, 0xff, 0x80, 0, 0]), // screen, 2-colour global table
    Buffer.from([0, 0, 0, 0xff, 0xff, 0xff]),
    Buffer.from([0x2c, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0]), // image descriptor
    Buffer.from([0x02, 0x02, 0x4c, 0x01, 0x00]), // LZW: clear, a pixel, end
    Buffer.from([0x3b]),
  ]);
}

/**
 * An extended WebP whose canvas (VP8X) and lossless bitstream both claim 16383 × 16383
 * pixels, followed by a few bytes of nothing.
 */
function webpClaimingHuge(): Buffer {
  const side = 16383;
  const chunk = (type: string, data: Buffer) => {
    const header = Buffer.alloc(8);
    header.write(type, 0, 'latin1');
    header.writeUInt32LE(data.length, 4);
    return Buffer.concat([header, data]);
  };
  const canvas = Buffer.alloc(10);
  canvas.writeUIntLE(side - 1, 4, 3);
  canvas.writeUIntLE(side - 1, 7, 3);
  // VP8L: signature, then 14 bits of width-1 and 14 of height-1.
  const bitstream = Buffer.alloc(64);
  bitstream[0] = 0x2f;
  bitstream.writeUInt32LE(((side - 1) | ((side - 1) << 14)) >>> 0, 1);
  const body = Buffer.concat([ascii('WEBP'), chunk('VP8X', canvas), chunk('VP8L', bitstream)]);
  return Buffer.concat([chunk('RIFF', body).subarray(0, 8), body]);
}

/** An ISO-BMFF box. */
function box(type: string, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([u32be(8 + body.length), ascii(type), body]);
}

/**
 * The start of an iPhone HEIC (brand heic): file type, then a `meta` box cut off inside its
 * item information — what a download that stopped early leaves. No HEVC data at all.
 */
function truncatedHeic(): Buffer {
  const ftyp = box('ftyp', ascii('heic'), u32be(0), ascii('mif1'), ascii('heic'));
  const hdlr = box('hdlr', u32be(0), u32be(0), ascii('pict'), Buffer.alloc(12), Buffer.from([0]));
  const pitm = box('pitm', u32be(0), u16be(1));
  const infe = box(
    'infe',
    Buffer.from([2, 0, 0, 0]),
    u16be(1),
    u16be(0),
    ascii('hvc1'),
    Buffer.from([0]),
  );
  const iinf = box('iinf', u32be(0), u16be(1), infe);
  const meta = box('meta', u32be(0), hdlr, pitm, iinf);
  // The meta box claims 4 KB more than there is.
  meta.writeUInt32BE(meta.length + 4096, 0);
  return Buffer.concat([ftyp, meta]);
}

/** Many APP segments and a ~60 KB EXIF block with hostile IFDs, in front of `jpeg`'s data. */
function jpegWithHugeMetadata(jpeg: Buffer): Buffer {
  // TIFF header, IFD0 with 2 entries: one whose count points far outside the block, one
  // ExifIFD pointer back at IFD0 (a loop); next-IFD offset pointing at itself.
  const tiff = Buffer.alloc(60_000);
  tiff.write('MM\x00\x2a', 0, 'latin1');
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(2, 8);
  // ImageDescription, ASCII, 0x7fffffff characters at offset 0x7ffffff0.
  tiff.writeUInt16BE(0x010e, 10);
  tiff.writeUInt16BE(2, 12);
  tiff.writeUInt32BE(0x7fffffff, 14);
  tiff.writeUInt32BE(0x7ffffff0, 18);
  // ExifIFD pointer, LONG, back at IFD0.
  tiff.writeUInt16BE(0x8769, 22);
  tiff.writeUInt16BE(4, 24);
  tiff.writeUInt32BE(1, 26);
  tiff.writeUInt32BE(8, 30);
  tiff.writeUInt32BE(8, 34); // next IFD: IFD0 again
  const random = seededRandom('huge-exif');
  for (let i = 38; i < tiff.length; i += 1) tiff[i] = Math.floor(random() * 256);
  const app1 = Buffer.concat([ascii('Exif\x00\x00'), tiff]);
  const segment = (marker: number, data: Buffer) =>
    Buffer.concat([Buffer.from([0xff, marker]), u16be(data.length + 2), data]);
  const appSegments: Buffer[] = [segment(0xe1, app1)];
  for (let i = 0; i < 2000; i += 1) {
    // APP2..APP15 in turn, each with a short made-up payload.
    appSegments.push(segment(0xe2 + (i % 14), ascii(`LW-HOSTILE-${String(i).padStart(5, '0')}`)));
  }
  return Buffer.concat([jpeg.subarray(0, 2), ...appSegments, jpeg.subarray(2)]);
}

/** Flips bytes in `buffer` from `start` for `count` bytes (xor with a seeded mask). */
function scramble(buffer: Buffer, start: number, count: number, seed: string): Buffer {
  const out = Buffer.from(buffer);
  const random = seededRandom(seed);
  for (let i = start; i < Math.min(out.length, start + count); i += 1) {
    out[i] = (out[i] ?? 0) ^ (1 + Math.floor(random() * 255));
  }
  return out;
}

const cut = (bytes: Buffer, fraction: number) =>
  Buffer.from(bytes.subarray(0, Math.floor(bytes.length * fraction)));

// --- ZIP ------------------------------------------------------------------------------------

/** LSB-first bit writer, as deflate packs its bits. */
class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private used = 0;

  bits(value: number, count: number): void {
    for (let i = 0; i < count; i += 1) this.bit((value >>> i) & 1);
  }

  /** A Huffman code: its most significant bit first. */
  code(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i -= 1) this.bit((value >>> i) & 1);
  }

  private bit(bit: number): void {
    this.current |= bit << this.used;
    this.used += 1;
    if (this.used === 8) {
      this.bytes.push(this.current);
      this.current = 0;
      this.used = 0;
    }
  }

  finish(): Buffer {
    if (this.used > 0) this.bytes.push(this.current);
    return Buffer.from(this.bytes);
  }
}

/**
 * Raw deflate of `byte` followed by 258 × `repeats` copies of it, built by hand: one dynamic
 * Huffman block where "copy 258 bytes from distance 1" costs two bits — deflate's best ratio
 * (about 1 : 1030), the same on every machine whatever zlib it has.
 */
function deflateBomb(byte: number, repeats: number): { packed: Buffer; size: number } {
  const out = new BitWriter();
  out.bits(1, 1); // final block
  out.bits(2, 2); // dynamic Huffman
  out.bits(286 - 257, 5); // HLIT: literal/length codes 0..285
  out.bits(1 - 1, 5); // HDIST: one distance code
  // Code-length code: 18 (run of zeros) = "0", 1 = "10", 2 = "11". Order from RFC 1951.
  const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  const clLengths: Record<number, number> = { 18: 1, 1: 2, 2: 2 };
  out.bits(18 - 4, 4); // HCLEN: through symbol 1, the 18th in the order
  for (const symbol of order.slice(0, 18)) out.bits(clLengths[symbol] ?? 0, 3);
  const zeros = (count: number) => {
    out.code(0, 1);
    out.bits(count - 11, 7);
  };
  const length = (value: 1 | 2) => {
    out.code(value === 1 ? 0b10 : 0b11, 2);
  };
  // Literal/length lengths: `byte` 2, 256 (end) 2, 285 (length 258) 1; distance code 0: 1.
  if (byte < 11) throw new Error('the repeated byte must be 11 or more');
  zeros(byte);
  length(2);
  let run = 255 - byte;
  while (run > 138) {
    zeros(138);
    run -= 138;
  }
  if (run >= 11) zeros(run);
  else if (run > 0) throw new Error('choose a byte whose zero runs are codable');
  length(2); // 256
  zeros(28); // 257..284
  length(1); // 285
  length(1); // distance 0
  // Literal/length code: 285 = "0", `byte` = "10", 256 = "11"; distance 0 = "0".
  out.code(0b10, 2);
  for (let i = 0; i < repeats; i += 1) {
    out.code(0, 1);
    out.code(0, 1);
  }
  out.code(0b11, 2);
  return { packed: out.finish(), size: 1 + 258 * repeats };
}

/** CRC-32 of `byte` repeated `size` times, without building the bytes at once. */
function repeatedCrc(byte: number, size: number): number {
  const block = Buffer.alloc(1 << 20, byte);
  let crc = 0;
  for (let left = size; left > 0; left -= block.length) {
    crc = crc32(block.subarray(0, Math.min(left, block.length)), crc);
  }
  return crc;
}

interface ZipMember {
  name: string;
  /** What is stored after the local header. */
  data: Buffer;
  method: 0 | 8;
  crc: number;
  /** Sizes written in the headers (a lie, for some bombs). */
  compressedSize: number;
  uncompressedSize: number;
}

const storedMember = (name: string, content: string | Buffer): ZipMember => {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return {
    name,
    data,
    method: 0,
    crc: crc32(data),
    compressedSize: data.length,
    uncompressedSize: data.length,
  };
};

function localHeader(member: ZipMember, name: Buffer): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0800, 6); // UTF-8 names
  header.writeUInt16LE(member.method, 8);
  header.writeUInt32LE(member.crc, 14);
  header.writeUInt32LE(member.compressedSize, 18);
  header.writeUInt32LE(member.uncompressedSize, 22);
  header.writeUInt16LE(name.length, 26);
  return header;
}

function centralHeader(member: ZipMember, name: Buffer, offset: number): Buffer {
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(20, 6);
  header.writeUInt16LE(0x0800, 8);
  header.writeUInt16LE(member.method, 10);
  header.writeUInt32LE(member.crc, 16);
  header.writeUInt32LE(member.compressedSize, 20);
  header.writeUInt32LE(member.uncompressedSize, 24);
  header.writeUInt16LE(name.length, 28);
  header.writeUInt32LE(offset, 42);
  return header;
}

function endOfDirectory(entries: number, directorySize: number, directoryOffset: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries, 8);
  end.writeUInt16LE(entries, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(directoryOffset, 16);
  return end;
}

function zipArchive(members: readonly ZipMember[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const name = Buffer.from(member.name, 'utf8');
    const local = Buffer.concat([localHeader(member, name), name, member.data]);
    centrals.push(centralHeader(member, name, offset), name);
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  return Buffer.concat([
    ...locals,
    directory,
    endOfDirectory(members.length, directory.length, offset),
  ]);
}

const contentTypes =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const packageRels =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const documentXml =
  '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>SO Y TE LAM DONG - Danh sach F1</w:t></w:r></w:p></w:body></w:document>';

/** A DOCX whose word/document.xml inflates from ~100 KB to 100 MB (sizes declared honestly). */
function zipBombDocx(): Buffer {
  const bomb = deflateBomb(0x20, 390_000);
  return zipArchive([
    storedMember('[Content_Types].xml', contentTypes),
    storedMember('_rels/.rels', packageRels),
    {
      name: 'word/document.xml',
      data: bomb.packed,
      method: 8,
      crc: repeatedCrc(0x20, bomb.size),
      compressedSize: bomb.packed.length,
      uncompressedSize: bomb.size,
    },
  ]);
}

/**
 * The overlapping-entry bomb (no recursion needed): one deflated 1 MB kernel stored once, and
 * 400 directory entries that all point at it — 400 MB declared from ~10 KB.
 */
function overlappingZipBombDocx(): Buffer {
  const kernel = deflateBomb(0x20, 4064);
  const member: ZipMember = {
    name: 'word/document.xml',
    data: kernel.packed,
    method: 8,
    crc: repeatedCrc(0x20, kernel.size),
    compressedSize: kernel.packed.length,
    uncompressedSize: kernel.size,
  };
  const firstName = Buffer.from(member.name, 'utf8');
  const local = Buffer.concat([localHeader(member, firstName), firstName, member.data]);
  const centrals: Buffer[] = [];
  const count = 400;
  for (let i = 0; i < count; i += 1) {
    const name = Buffer.from(
      i === 0 ? member.name : `word/media/part${String(i).padStart(3, '0')}.xml`,
      'utf8',
    );
    centrals.push(centralHeader(member, name, 0), name);
  }
  const directory = Buffer.concat(centrals);
  return Buffer.concat([local, directory, endOfDirectory(count, directory.length, local.length)]);
}

/**
 * A DOCX whose word/document.xml claims 2 KB everywhere but inflates to 50 MB: the archive
 * check (which reads declared sizes) lets it through; whatever unpacks it must stop.
 */
function lyingZipBombDocx(): Buffer {
  const bomb = deflateBomb(0x20, 194_000);
  return zipArchive([
    storedMember('[Content_Types].xml', contentTypes),
    storedMember('_rels/.rels', packageRels),
    {
      name: 'word/document.xml',
      data: bomb.packed,
      method: 8,
      crc: 0x1badf00d,
      compressedSize: bomb.packed.length,
      uncompressedSize: 2048,
    },
  ]);
}

// --- the corpus -----------------------------------------------------------------------------

/**
 * Anyone can hand any file to either entry point, so each file says how both refuse it
 * (`kind` both) unless an entry names one path only.
 */
type Draft = Omit<HostileFile, 'kind'> & { kind?: HostileFile['kind'] };

/** Builds every file of the corpus in memory, in manifest order. */
export async function buildHostileCorpus(): Promise<HostileFile[]> {
  const base = await baseImages();
  const html = ascii(
    '<!DOCTYPE html>\n<html><head><title>Đăng nhập Facebook</title></head><body><p>Bạn phải đăng nhập để tiếp tục.</p><script>location="/login"</script></body></html>\n',
  );
  const json = Buffer.from(
    '{"error":{"message":"(#200) Permissions error","type":"OAuthException","code":200}}\n',
    'utf8',
  );
  const svg = (entity: boolean) =>
    ascii(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        ...(entity ? ['<!DOCTYPE svg [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>'] : []),
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="600" height="400">',
        '  <script type="text/javascript">fetch("http://169.254.169.254/latest/meta-data/iam/")</script>',
        '  <image width="600" height="200" xlink:href="http://169.254.169.254/latest/meta-data/"/>',
        '  <image y="200" width="600" height="200" xlink:href="file:///etc/passwd"/>',
        `  <text x="10" y="20">${entity ? '&passwd;' : 'SO Y TE'}</text>`,
        '</svg>',
        '',
      ].join('\n'),
    );
  const jsOpenAction = handmadePdf({
    pages: [['SO Y TE LAM DONG', 'Danh sach F1']],
    openActionScript: 'app.launchURL("http://169.254.169.254/", true);',
  });
  const validPdf = handmadePdf({
    pages: [
      ['SO Y TE LAM DONG', 'So: 125/SYT-NVY', 'Quyet dinh cach ly'],
      ['Danh sach F1', 'Nguyen Van An 1985'],
    ],
  });
  const xrefAt = validPdf.lastIndexOf('xref');
  const drafts: Draft[] = [
    {
      file: 'empty.jpg',
      description: 'zero bytes (what an interrupted download can leave)',
      bytes: Buffer.alloc(0),
      expected: { image: 'LW_IMAGE_EMPTY', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'truncated.jpg',
      description: 'a JPEG cut off halfway through its scan data',
      bytes: cut(base.jpeg, 0.5),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'corrupt.jpg',
      description: 'a JPEG whose Huffman tables (DHT) are scrambled',
      bytes: (() => {
        const dht = jpegSegment(base.jpeg, 0xc4);
        return scramble(base.jpeg, dht.offset + 4, dht.length - 2, 'corrupt-jpeg');
      })(),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'truncated.png',
      description: 'a PNG cut off inside its image data (no IEND)',
      bytes: cut(base.png, 0.5),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'corrupt.png',
      description: 'a PNG whose compressed image data is scrambled, with checksums recomputed',
      bytes: (() => {
        const idat = pngChunks(base.png).find((c) => c.type === 'IDAT');
        if (!idat) throw new Error('no IDAT in the base PNG');
        const data = scramble(
          base.png.subarray(idat.offset + 8, idat.offset + 8 + idat.length),
          2,
          64,
          'corrupt-png',
        );
        return Buffer.concat([
          base.png.subarray(0, idat.offset),
          pngChunk('IDAT', data),
          base.png.subarray(idat.offset + 12 + idat.length),
        ]);
      })(),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'truncated.webp',
      description: 'a lossy WebP cut off halfway (the RIFF size promises more)',
      bytes: cut(base.webp, 0.5),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'corrupt.webp',
      description: 'a lossy WebP whose VP8 frame header and first partition are scrambled',
      bytes: scramble(base.webp, 20, 24, 'corrupt-webp'),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'truncated.gif',
      description: 'a GIF cut off inside its first frame',
      bytes: cut(base.gif, 0.5),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNSUPPORTED' },
    },
    {
      file: 'corrupt.gif',
      description: 'a GIF whose LZW image data is scrambled',
      bytes: scramble(base.gif, base.gif.length - 200, 150, 'corrupt-gif'),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNSUPPORTED' },
    },
    {
      file: 'truncated.tiff',
      description: 'an uncompressed TIFF cut off inside its strips (the directory is at the end)',
      bytes: cut(base.tiff, 0.5),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'corrupt.tiff',
      description: 'a TIFF whose first directory offset points past the end of the file',
      bytes: (() => {
        const out = Buffer.from(base.tiff);
        out.writeUInt32LE(0x7ffffff0, 4);
        return out;
      })(),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'truncated.heic',
      description: 'the start of an iPhone HEIC (ftyp heic) cut off inside its meta box',
      bytes: truncatedHeic(),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNSUPPORTED' },
    },
    {
      file: 'truncated.avif',
      description: 'an AVIF cut off halfway through its AV1 data',
      bytes: cut(base.avif, 0.6),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNSUPPORTED' },
    },
    {
      file: 'pixel-bomb.png',
      description: 'a 4 KB PNG claiming 30000 × 30000 pixels',
      bytes: pngClaimingHuge(30_000, 30_000),
      expected: { image: 'LW_IMAGE_TOO_LARGE', document: 'LW_DOCUMENT_TOO_LARGE' },
    },
    {
      file: 'pixel-bomb.jpg',
      description: 'a small JPEG whose frame header claims 60000 × 60000 pixels',
      bytes: jpegClaiming(base.jpeg, 60_000, 60_000),
      expected: { image: 'LW_IMAGE_TOO_LARGE', document: 'LW_DOCUMENT_TOO_LARGE' },
    },
    {
      file: 'pixel-bomb.gif',
      description: 'a 40-byte GIF whose screen and frame claim 65535 × 65535 pixels',
      bytes: gifClaimingHuge(),
      expected: { image: 'LW_IMAGE_TOO_LARGE', document: 'LW_DOCUMENT_UNSUPPORTED' },
    },
    {
      file: 'pixel-bomb.webp',
      description: 'a lossless WebP header claiming 16384 × 16384 pixels, and no image data',
      bytes: webpClaimingHuge(),
      expected: { image: 'LW_IMAGE_TOO_LARGE', document: 'LW_DOCUMENT_TOO_LARGE' },
    },
    {
      file: 'html-page.jpg',
      description: 'an HTML login page saved as .jpg (what a CDN answers when a session ends)',
      bytes: html,
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNSUPPORTED' },
    },
    {
      file: 'json-error.jpg',
      description: 'a JSON API error saved as .jpg',
      bytes: json,
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNSUPPORTED' },
    },
    {
      file: 'script.svg',
      description:
        'an SVG with <script> and images from http://169.254.169.254/ and file:///etc/passwd: a format refused, never rendered',
      bytes: svg(false),
      expected: { image: 'LW_IMAGE_UNSUPPORTED', document: 'LW_DOCUMENT_UNSUPPORTED' },
    },
    {
      file: 'external-entity.svg',
      description:
        'the same SVG with an external entity (file:///etc/passwd) in its DOCTYPE: the XML parser refuses it',
      bytes: svg(true),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNSUPPORTED' },
    },
    {
      file: 'many-frames.gif',
      description: 'an animated GIF of 3000 different 4 × 4 frames',
      bytes: await animation('gif', 3000),
      expected: { image: 'LW_IMAGE_TOO_LARGE', document: 'LW_DOCUMENT_UNSUPPORTED' },
    },
    {
      file: 'many-frames.webp',
      description: 'an animated WebP of 3000 different 4 × 4 frames',
      bytes: await animation('webp', 3000),
      expected: { image: 'LW_IMAGE_TOO_LARGE', document: 'LW_DOCUMENT_TOO_LARGE' },
    },
    {
      file: 'many-pages.tiff',
      description: 'a TIFF of 600 one-pixel pages',
      bytes: await sharp(Buffer.alloc(600 * 3, 0x80), raw(1, 600, 1))
        .tiff({ compression: 'none' })
        .toBuffer(),
      expected: { image: 'LW_IMAGE_TOO_LARGE', document: 'LW_DOCUMENT_TOO_LARGE' },
    },
    {
      file: 'huge-exif.jpg',
      description:
        'a JPEG cut off in its scan data, behind a 60 KB EXIF block (out-of-range counts, an IFD loop) and 2000 APP segments: the metadata must not hide the damage',
      // Whole, the same file is a valid photo (libvips ignores the EXIF it cannot use).
      bytes: jpegWithHugeMetadata(cut(base.jpeg, 0.5)),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'png-bomb-named.pdf',
      description:
        'a PNG named .pdf, claiming 20000 × 20000 pixels: the bytes decide (too large), not the name',
      bytes: pngClaimingHuge(20_000, 20_000),
      expected: { image: 'LW_IMAGE_TOO_LARGE', document: 'LW_DOCUMENT_TOO_LARGE' },
    },
    {
      file: 'pdf-with-script-named.jpg',
      description: 'a PDF (with an OpenAction script) named .jpg',
      bytes: jsOpenAction,
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_ACTIVE_CONTENT' },
    },
    {
      file: 'jpeg-bomb-named.docx',
      description:
        'a JPEG named .docx, claiming 40000 × 40000 pixels: read as a JPEG (too large), never as a ZIP',
      bytes: jpegClaiming(base.jpeg, 40_000, 40_000),
      expected: { image: 'LW_IMAGE_TOO_LARGE', document: 'LW_DOCUMENT_TOO_LARGE' },
    },
    {
      file: 'encrypted.pdf',
      description: 'a PDF with a standard security handler and a user password',
      bytes: handmadePdf({ pages: [['Danh sach F0']], encrypted: true }),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_ENCRYPTED' },
    },
    {
      file: 'broken-xref.pdf',
      description:
        'a PDF whose xref offsets all point at garbage and whose catalogue object is gone',
      bytes: (() => {
        const text = validPdf.toString('latin1');
        const broken = text
          // The catalogue (object 1) overwritten: nothing to rebuild the document from.
          .replace('1 0 obj\n<< /Type /Catalog', '1 0 xbj\n<< /Type /Xatalog')
          .slice(0, xrefAt)
          .concat(text.slice(xrefAt).replace(/\d{10} 00000 n/g, '0000000003 00000 n'));
        return Buffer.from(broken, 'latin1');
      })(),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'broken-page-tree.pdf',
      description: 'a PDF whose page tree points at an object that does not exist',
      bytes: Buffer.from(
        validPdf.toString('latin1').replace(/\/Kids \[(\d+) 0 R/, '/Kids [99 0 R'),
        'latin1',
      ),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'truncated.pdf',
      description: 'a two-page PDF cut off in the middle of its first page (no xref, no trailer)',
      bytes: cut(validPdf, 0.3),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'javascript-openaction.pdf',
      description: 'a PDF that runs JavaScript when opened (catalogue /OpenAction)',
      bytes: handmadePdf({
        pages: [['Quyet dinh cach ly']],
        openActionScript: 'this.submitForm("http://169.254.169.254/");',
      }),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_ACTIVE_CONTENT' },
    },
    {
      file: 'javascript-page-aa.pdf',
      description: 'a PDF whose first page runs JavaScript when shown (page /AA /O)',
      bytes: handmadePdf({
        pages: [['Danh sach F1'], ['Trang 2']],
        pageScript: 'app.alert("leak");',
      }),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_ACTIVE_CONTENT' },
    },
    {
      file: 'many-pages.pdf',
      description: 'a PDF of 600 one-line pages',
      bytes: handmadePdf({
        pages: Array.from({ length: 600 }, (_, i) => [`Trang ${i + 1}`]),
      }),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_TOO_LARGE' },
    },
    {
      file: 'zip-bomb.docx',
      description: 'a DOCX whose word/document.xml inflates from 95 KB to 100 MB (declared)',
      bytes: zipBombDocx(),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_TOO_LARGE' },
    },
    {
      file: 'zip-bomb-overlapping.docx',
      description:
        'a DOCX of 400 directory entries all pointing at one deflated 1 MB kernel (400 MB declared)',
      bytes: overlappingZipBombDocx(),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_TOO_LARGE' },
    },
    {
      file: 'zip-bomb-lying-sizes.docx',
      description:
        'a DOCX whose word/document.xml declares 2 KB but inflates to 50 MB (wrong CRC too)',
      bytes: lyingZipBombDocx(),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'not-a-zip.docx',
      description: 'plain text named .docx',
      bytes: Buffer.from('Danh sách F1 — bản nháp, không phải tệp Word\n', 'utf8'),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNSUPPORTED' },
    },
    {
      file: 'damaged-zip.docx',
      description: 'a ZIP local header followed by garbage, with no central directory',
      bytes: Buffer.concat([
        Buffer.from([0x50, 0x4b, 0x03, 0x04]),
        scramble(Buffer.alloc(2000), 0, 2000, 'damaged-zip'),
      ]),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
    {
      file: 'missing-document-part.docx',
      description: 'a DOCX with [Content_Types].xml and relationships but no word/document.xml',
      bytes: zipArchive([
        storedMember('[Content_Types].xml', contentTypes),
        storedMember('_rels/.rels', packageRels),
      ]),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNSUPPORTED' },
    },
    {
      file: 'missing-package-parts.docx',
      description: 'a DOCX with word/document.xml only: no [Content_Types].xml, no relationships',
      bytes: zipArchive([storedMember('word/document.xml', documentXml)]),
      expected: { image: 'LW_IMAGE_UNDECODABLE', document: 'LW_DOCUMENT_UNREADABLE' },
    },
  ];
  return drafts.map((draft) => ({ ...draft, kind: draft.kind ?? 'both' }));
}

/** The manifest as written to disk: entries without their bytes, in corpus order. */
export function hostileManifestJson(files: readonly HostileFile[]): string {
  const entries: HostileEntry[] = files.map(({ file, description, kind, expected }) => ({
    file,
    description,
    kind,
    expected,
  }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/** Writes the corpus and its manifest into `dir`, replacing the files of an earlier one. */
export async function writeHostileCorpus(dir: string): Promise<HostileFile[]> {
  const files = await buildHostileCorpus();
  await mkdir(dir, { recursive: true });
  // Files dropped from the corpus must not linger; nothing the old manifest did not list goes.
  const previous = (await readdir(dir)).includes('manifest.json') ? hostileManifest(dir) : [];
  for (const entry of previous) await rm(path.join(dir, entry.file), { force: true });
  for (const file of files) await writeFile(path.join(dir, file.file), file.bytes);
  await writeFile(path.join(dir, 'manifest.json'), hostileManifestJson(files));
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const dir = values.out ? path.resolve(values.out) : hostileCorpusDir;
  const files = await writeHostileCorpus(dir);
  const bytes = files.reduce((sum, file) => sum + file.bytes.length, 0);
  console.log(JSON.stringify({ dir, files: files.length, bytes }));
}

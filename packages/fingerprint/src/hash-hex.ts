/**
 * Hashes travel as lowercase hex strings (database columns, JSON lines, logs); these helpers
 * are the one place that parses them, so a malformed hash fails loudly instead of comparing as
 * "far away".
 */

const hexPattern = /^[0-9a-f]*$/;

/** Bits set in each value 0..15, for nibble-wise popcount. */
const nibbleBits = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4] as const;

function assertHex(hex: string, what: string): void {
  if (!hexPattern.test(hex)) throw new RangeError(`${what} is not lowercase hex: ${hex}`);
}

/** Number of differing bits between two hex hashes of the same length (popcount of the XOR). */
export function hammingDistance(a: string, b: string): number {
  assertHex(a, 'hash a');
  assertHex(b, 'hash b');
  if (a.length !== b.length) {
    throw new RangeError(`hashes differ in length: ${a.length} and ${b.length} hex digits`);
  }
  let distance = 0;
  for (let i = 0; i < a.length; i++) {
    distance += nibbleBits[(parseInt(a[i] ?? '0', 16) ^ parseInt(b[i] ?? '0', 16)) & 15] ?? 0;
  }
  return distance;
}

/** Length of a PDQ hash in hex digits (256 bits). */
export const pdqHexLength = 64;

/**
 * Parses a PDQ hash into the reference's 16 words: bit k of the hash is bit k&15 of word k>>4,
 * and the text shows word 15 first (pdq.md §1 step 8). Exactly 64 hex digits are accepted;
 * upper case is accepted on input as the reference parser does.
 */
export function parsePdqHash(hex: string): Uint16Array {
  const lower = hex.toLowerCase();
  if (lower.length !== pdqHexLength) {
    throw new RangeError(`a PDQ hash has ${pdqHexLength} hex digits, got ${hex.length}`);
  }
  assertHex(lower, 'PDQ hash');
  const words = new Uint16Array(16);
  for (let w = 0; w < 16; w++) {
    const start = (15 - w) * 4;
    words[w] = parseInt(lower.slice(start, start + 4), 16);
  }
  return words;
}

/** The reference text form of 16 hash words: `%04hx` for word 15 down to word 0. */
export function formatPdqHash(words: Uint16Array): string {
  if (words.length !== 16) throw new RangeError(`a PDQ hash has 16 words, got ${words.length}`);
  let hex = '';
  for (let w = 15; w >= 0; w--) hex += (words[w] ?? 0).toString(16).padStart(4, '0');
  return hex;
}

/** Big-endian hex of a bit sequence: bits[0] is the most significant bit. */
export function bitsToHex(bits: ArrayLike<number>): string {
  if (bits.length % 4 !== 0)
    throw new RangeError(`bit count ${bits.length} is not a multiple of 4`);
  let hex = '';
  for (let i = 0; i < bits.length; i += 4) {
    const nibble =
      ((bits[i] ?? 0) << 3) |
      ((bits[i + 1] ?? 0) << 2) |
      ((bits[i + 2] ?? 0) << 1) |
      (bits[i + 3] ?? 0);
    hex += nibble.toString(16);
  }
  return hex;
}

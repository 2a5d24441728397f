import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWorkspaceRoot } from '@leakwatch/config';

const root = findWorkspaceRoot();
const bin = path.join(root, 'services/cli/bin/leakwatch.js');
let dir = '';

/** A 32x32 grey PNG with a diagonal ramp, written byte by byte (the CLI has no encoder). */
function rampPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(32, 0);
  header.writeUInt32BE(32, 4);
  header[8] = 8; // bit depth; colour type 0 (grey), no interlace
  const rows = Buffer.alloc(32 * 33);
  for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) rows[y * 33 + 1 + x] = (x + y) * 4;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function leakwatch(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      // Nothing answers at these addresses: the command must not need a database or Redis.
      env: {
        ...process.env,
        DATABASE_URL: 'postgres://leakwatch@127.0.0.1:9/unreachable',
        REDIS_URL: 'redis://127.0.0.1:9',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lw-hash-'));
  await writeFile(path.join(dir, 'ramp.png'), rampPng());
  await writeFile(path.join(dir, 'page.html'), '<!doctype html><p>not an image</p>');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('leakwatch hash', () => {
  it('prints one JSON line per file, keeps going after a failure and exits non-zero', async () => {
    const [bad, good, missing] = ['page.html', 'ramp.png', 'missing.png'].map((f) =>
      path.join(dir, f),
    );
    const run = await leakwatch('hash', '--json', bad!, good!, missing!);
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ file: bad, error: { code: 'LW_IMAGE_UNDECODABLE' } });
    expect(JSON.stringify(lines[0])).toContain('could not be decoded');
    expect(Object.keys(lines[1]!)).toEqual([
      'file',
      'sha256',
      'width',
      'height',
      'pdq',
      'pdqQuality',
      'pdqDihedral',
      'phash',
      'dhash',
      'blockhash',
    ]);
    expect(lines[1]).toMatchObject({ file: good, width: 32, height: 32 });
    expect(lines[1]!['sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(lines[1]!['pdq']).toMatch(/^[0-9a-f]{64}$/);
    expect(lines[1]!['pdqDihedral']).toHaveLength(8);
    for (const hash of lines[1]!['pdqDihedral'] as string[]) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect((lines[1]!['pdqDihedral'] as string[])[0]).toBe(lines[1]!['pdq']);
    expect(lines[1]!['phash']).toMatch(/^[0-9a-f]{16}$/);
    expect(lines[1]!['dhash']).toMatch(/^[0-9a-f]{16}$/);
    expect(lines[1]!['blockhash']).toMatch(/^[0-9a-f]{64}$/);
    expect(lines[2]).toEqual({
      file: missing,
      error: { code: 'LW_NOT_FOUND', message: `File ${missing} was not found` },
    });
  }, 60_000);

  it('exits 0 when every file hashes, and prints a readable line without --json', async () => {
    const good = path.join(dir, 'ramp.png');
    const run = await leakwatch('hash', good);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toContain(`${good}  32x32  sha256 `);
    expect(run.stdout).toMatch(/ pdq [0-9a-f]{64} \(quality \d+\) /);
  }, 60_000);

  it('reports a failure on stderr without --json', async () => {
    const bad = path.join(dir, 'page.html');
    const run = await leakwatch('hash', bad);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${bad}  error LW_IMAGE_UNDECODABLE: `);
  }, 60_000);
});

/**
 * run/process-io.ts: the log lines' synchronous writer on fd 2. Every byte arrives once and in order,
 * on a file and on a pipe that cannot take a write at once (EAGAIN), where the rest goes to the
 * fallback stream, as it does when the descriptor is closed (no throw out of a log call).
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stderrWriter } from '../src/run/process-io.js';

describe('stderrWriter', () => {
  it('writes each line whole and in order, strings and bytes alike', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cqkit-io-'));
    try {
      const fd = openSync(join(dir, 'log'), 'w');
      const writer = stderrWriter(fd, () => {
        throw new Error('a file never needs the fallback');
      });
      writer.write('12:00:01 INFO  first 你好\n');
      writer.write(Buffer.from('second\n'));
      closeSync(fd);
      expect(readFileSync(join(dir, 'log'), 'utf8')).toBe('12:00:01 INFO  first 你好\nsecond\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never throws out of a write: a closed descriptor hands the line to the fallback stream', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cqkit-io-'));
    try {
      const fd = openSync(join(dir, 'log'), 'w');
      closeSync(fd);
      const taken: string[] = [];
      const writer = stderrWriter(fd, () => ({ write: (text: string | Uint8Array) => taken.push(Buffer.from(text).toString('utf8')) > 0 }));
      expect(writer.write('first\n')).toBe(true);
      writer.write('second\n');
      expect(taken).toEqual(['first\n', 'second\n']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('hands the rest to the fallback stream when a non-blocking pipe is full, and keeps using it', async () => {
    // `cat` copies its stdin to its stdout; our end of its stdin is a non-blocking pipe (libuv's),
    // so a 1 MiB write fills the pipe and writeSync meets EAGAIN part-way.
    const cat = spawn('cat', [], { stdio: ['pipe', 'pipe', 'inherit'] });
    const received: Buffer[] = [];
    cat.stdout.on('data', (chunk: Buffer) => received.push(chunk));
    const done = new Promise<void>((resolve) => cat.stdout.on('end', resolve));
    const fd = (cat.stdin as unknown as { _handle: { fd: number } })._handle.fd;
    let fallbacks = 0;
    const writer = stderrWriter(fd, () => {
      fallbacks++;
      return cat.stdin;
    });
    const big = `${'界'.repeat(349_525)}A\n`; // 1 MiB of UTF-8
    writer.write(big);
    writer.write('after\n');
    cat.stdin.end();
    await done;
    expect(fallbacks).toBe(1);
    expect(Buffer.concat(received).toString('utf8')).toBe(`${big}after\n`);
  });
});

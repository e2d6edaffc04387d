import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** Why a file was not read, in words that fit after "it": "it is a named pipe, not a regular file". */
export class UnreadableFileError extends Error {
  constructor(
    readonly reason: 'missing' | 'not-regular' | 'too-large' | 'io',
    message: string,
  ) {
    super(message);
  }
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return 'not a plain file';
}

const mib = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`);

/** "EACCES: permission denied": Node's message without the path it appends. */
function errnoText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split(', ')[0] ?? message;
}

/**
 * Reads a file only if it is a regular file of at most `maxBytes`, without blocking: /dev/zero, /dev/urandom and
 * named pipes never end (or never start), so they are refused by type before they are opened, and opened
 * non-blocking in case one is swapped in between. A file that grows past the cap while read is refused too.
 */
export async function readBoundedFile(file: string, maxBytes: number): Promise<Buffer> {
  let before: Stats;
  try {
    before = await stat(file);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UnreadableFileError('missing', 'it does not exist');
    throw new UnreadableFileError('io', errnoText(err));
  }
  if (!before.isFile()) throw new UnreadableFileError('not-regular', `it is ${kindOf(before)}, not a regular file`);
  if (before.size > maxBytes) throw new UnreadableFileError('too-large', `it is larger than ${mib(maxBytes)}`);
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new UnreadableFileError('io', errnoText(err));
  }
  try {
    const now = await handle.stat();
    if (!now.isFile()) throw new UnreadableFileError('not-regular', `it is ${kindOf(now)}, not a regular file`);
    // Read to the end, whatever size it has now, but never past the cap.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(maxBytes + 1 - length, Math.max(now.size - length, 0) + 64 * 1024));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > maxBytes) throw new UnreadableFileError('too-large', `it is larger than ${mib(maxBytes)}`);
    }
    return Buffer.concat(chunks, length);
  } catch (err) {
    if (err instanceof UnreadableFileError) throw err;
    throw new UnreadableFileError('io', errnoText(err));
  } finally {
    await handle.close();
  }
}

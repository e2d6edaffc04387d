import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LiveTarget } from './apply.js';
import type { ConfigObject } from './objects.js';

/** What an apply changed: each object as it was before (absent: it did not exist) and the version the apply made. */
export interface UndoEntry {
  target: LiveTarget;
  before?: ConfigObject;
  /** The version the apply made, and what a person edits of it (spec, labels, annotations) to tell a later edit from a status write. */
  after: string;
  fingerprint: string;
}

/**
 * The undo journal of applies, one file per apply under Meshdeck's home, so the window, the command
 * line or a restarted app can undo the last change.
 */
export class UndoStore {
  constructor(private readonly dir: string) {}

  private file(id: string): string {
    if (!/^[0-9a-f]{16}$/.test(id)) throw new RangeError('not an undo id');
    return join(this.dir, `${id}.json`);
  }

  async save(id: string, entries: UndoEntry[]): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(this.file(id), JSON.stringify(entries), { mode: 0o600 });
  }

  async load(id: string): Promise<UndoEntry[] | undefined> {
    try {
      return JSON.parse(await readFile(this.file(id), 'utf8')) as UndoEntry[];
    } catch {
      return undefined;
    }
  }

  async remove(id: string): Promise<void> {
    await rm(this.file(id), { force: true });
  }
}

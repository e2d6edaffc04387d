import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Draft } from '../contract/config.js';
import { refusal } from '../contract/errors.js';

/** At most this many drafts per context, and this many bytes in all: a draft store, not a file system. */
const MAX_DRAFTS = 50;
const MAX_BYTES = 16 * 1024 * 1024;

/**
 * Unsaved editor text, per context, in a file under Meshdeck's home: it survives a reload of the window
 * (web mode's origin changes with every start, so the browser's storage would not) and a restart.
 */
export class DraftStore {
  constructor(private readonly dir: string) {}

  private file(context: string): string {
    return join(this.dir, `${createHash('sha256').update(context).digest('hex').slice(0, 32)}.json`);
  }

  async list(context: string): Promise<Draft[]> {
    try {
      const parsed = Draft.array().safeParse(JSON.parse(await readFile(this.file(context), 'utf8')));
      return parsed.success ? parsed.data : [];
    } catch {
      return [];
    }
  }

  async save(context: string, draft: Draft): Promise<string> {
    const updatedAt = new Date().toISOString();
    const drafts = [{ ...draft, updatedAt }, ...(await this.list(context)).filter((d) => d.id !== draft.id)];
    if (drafts.length > MAX_DRAFTS) refuseFull(`${MAX_DRAFTS} drafts`);
    const text = JSON.stringify(drafts);
    if (Buffer.byteLength(text) > MAX_BYTES) refuseFull(`${MAX_BYTES / 1048576} MB of drafts`);
    await this.write(context, text);
    return updatedAt;
  }

  async remove(context: string, id: string): Promise<void> {
    await this.write(context, JSON.stringify((await this.list(context)).filter((d) => d.id !== id)));
  }

  private async write(context: string, text: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.file(context)}.${process.pid}.tmp`;
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, this.file(context));
  }
}

function refuseFull(what: string): never {
  throw refusal('drafts-full', `Meshdeck keeps at most ${what} per context; close or apply some of the open ones first.`);
}

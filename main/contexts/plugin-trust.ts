import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readBoundedFile } from './bounded-file.js';

const TrustFile = z.object({
  version: z.literal(1),
  plugins: z.array(z.object({ kubeconfig: z.string(), command: z.string(), confirmedAt: z.string() })),
});
type TrustFile = z.infer<typeof TrustFile>;

const MAX_TRUST_FILE_BYTES = 1024 * 1024;

/**
 * Which credential plugins the user confirmed, per kubeconfig file: a (file, command) pair confirmed once is run
 * from then on. A new command in a confirmed file asks again, so an edit to the file cannot slip a new program in.
 * Kept in `<Meshdeck home>/trusted-exec-plugins.json` (mode 0600).
 *
 * `ownFiles` are the kubeconfigs Meshdeck itself writes (the sandbox's), trusted without asking: they live under
 * the same home as this file, so whoever could change them could change the confirmations too.
 */
export class PluginTrust {
  private writes: Promise<void> = Promise.resolve();
  private readonly ownFiles: Set<string>;

  constructor(
    readonly file: string,
    ownFiles: readonly string[] = [],
  ) {
    this.ownFiles = new Set(ownFiles.map((f) => path.resolve(f)));
  }

  async isTrusted(kubeconfig: string, command: string): Promise<boolean> {
    const file = path.resolve(kubeconfig);
    if (this.ownFiles.has(file)) return true;
    return (await this.read()).plugins.some((p) => p.kubeconfig === file && p.command === command);
  }

  /** Remembers the confirmation; writes are one at a time and atomic (a partly written file is never read). */
  trust(kubeconfig: string, command: string): Promise<void> {
    const file = path.resolve(kubeconfig);
    const write = this.writes.then(async () => {
      const current = await this.read();
      if (current.plugins.some((p) => p.kubeconfig === file && p.command === command)) return;
      const next: TrustFile = { version: 1, plugins: [...current.plugins, { kubeconfig: file, command, confirmedAt: new Date().toISOString() }] };
      await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
      await rename(temporary, this.file);
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** No file, or one that is not ours to read, means nothing is confirmed: the user is asked again. */
  private async read(): Promise<TrustFile> {
    try {
      const parsed = TrustFile.safeParse(JSON.parse((await readBoundedFile(this.file, MAX_TRUST_FILE_BYTES)).toString('utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // missing, unreadable or not JSON
    }
    return { version: 1, plugins: [] };
  }
}

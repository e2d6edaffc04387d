import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MetricsSourceChoice } from '../contract/metrics.js';

/**
 * The Prometheus chosen per context, remembered in Meshdeck's settings (mode 0600, like the kubeconfig's
 * credentials it may hold a password or token: it is read by the core only, never sent to the UI).
 */
export class MetricsSources {
  constructor(private readonly file: string) {}

  private static key(context: string): string {
    return createHash('sha256').update(context).digest('hex').slice(0, 32);
  }

  private async all(): Promise<Record<string, MetricsSourceChoice>> {
    try {
      const raw = JSON.parse(await readFile(this.file, 'utf8')) as Record<string, unknown>;
      const out: Record<string, MetricsSourceChoice> = {};
      for (const [k, v] of Object.entries(raw)) {
        const p = MetricsSourceChoice.safeParse(v);
        if (p.success) out[k] = p.data;
      }
      return out;
    } catch {
      return {};
    }
  }

  async get(context: string): Promise<MetricsSourceChoice> {
    return (await this.all())[MetricsSources.key(context)] ?? { kind: 'auto' };
  }

  async set(context: string, choice: MetricsSourceChoice): Promise<void> {
    const all = await this.all();
    if (choice.kind === 'auto') delete all[MetricsSources.key(context)];
    else all[MetricsSources.key(context)] = choice;
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(all), { mode: 0o600 });
    await rename(tmp, this.file);
  }
}

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ConfigDocument, Finding } from '../contract/config.js';
import { MeshdeckError } from '../contract/errors.js';

const run = promisify(execFile);

interface AnalyzeMessage { code: string; level: string; message: string; origin?: string; reference?: string; documentationUrl?: string }

const severity = (level: string): Finding['severity'] => (level === 'Error' ? 'error' : level === 'Warning' ? 'warning' : 'info');

/**
 * The bundled `istioctl analyze` on the documents against the live cluster (as it would be once they
 * are applied): its messages about the documents' objects, each at the line istioctl names.
 * `kubeconfig` is a file holding only this context's credentials.
 */
export async function analyzeDocuments(istioctl: string, kubeconfig: string, documents: readonly ConfigDocument[], timeoutMs = 60_000): Promise<{ name: string; findings: Finding[] }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'meshdeck-analyze-'));
  try {
    const files = documents.map((d, i) => {
      const file = join(dir, `doc-${i}.yaml`);
      writeFileSync(file, d.text);
      return file;
    });
    let stdout: string;
    try {
      ({ stdout } = await run(istioctl, ['analyze', '--kubeconfig', kubeconfig, '-o', 'json', '--all-namespaces', ...files], { maxBuffer: 64 << 20, timeout: timeoutMs }));
    } catch (e) {
      // analyze exits non-zero when it finds errors, with its JSON on stdout all the same.
      stdout = String((e as { stdout?: string }).stdout ?? '');
      if (!stdout.trim().startsWith('[')) {
        throw new MeshdeckError({ code: 'INTERNAL', message: 'istioctl analyze could not check the change.', detail: String((e as { stderr?: string }).stderr ?? e).trim().split('\n').slice(-3).join('\n') });
      }
    }
    const messages = JSON.parse(stdout || '[]') as AnalyzeMessage[];
    return documents.map((d, i) => ({
      name: d.name,
      findings: messages.filter((m) => m.reference?.startsWith(`${files[i]}:`)).map((m): Finding => {
        const line = Number(m.reference!.slice(files[i]!.length + 1)) || 1;
        return {
          code: m.code, istioCode: m.code, severity: severity(m.level), message: m.message, source: 'analyze', path: [],
          ...(m.documentationUrl ? { fix: `See ${m.documentationUrl.replace(/\?ref=.*$/, '')}` } : {}),
          range: { startLine: line, startColumn: 1, endLine: line, endColumn: 1000 },
        };
      }),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

import type { Finding, Severity } from '../../../../main/contract/config.js';

/** A problem at a place in the text: the core's findings and the YAML service's schema markers alike. */
export interface EditorMarker {
  severity: Severity;
  /** MD102, IST0101, or the schema service's own. */
  code: string;
  message: string;
  /** How to fix it, when the finding says. */
  fix?: string;
  /** Who found it, in words: "Meshdeck check", "istioctl analyze"… */
  source: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/** The groups of markers the editor shows, each replaced as a whole when its source answers again. */
export type MarkerOwner = 'check' | 'cluster' | 'apply' | 'schema';

export const SOURCE_WORDS: Record<Finding['source'], string> = {
  meshdeck: 'Meshdeck check',
  schema: 'Cluster schema',
  'dry-run': 'API server dry run',
  analyze: 'istioctl analyze',
  yaml: 'YAML',
};

/** A finding as a marker: at its range, or on the first line when it has none (a finding about the whole text). */
export function markerOfFinding(f: Finding): EditorMarker {
  const r = f.range ?? { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  const startLineNumber = Math.max(1, r.startLine);
  const startColumn = Math.max(1, r.startColumn);
  const endLineNumber = Math.max(startLineNumber, r.endLine);
  const endColumn = endLineNumber === startLineNumber ? Math.max(startColumn, r.endColumn) : Math.max(1, r.endColumn);
  return {
    severity: f.severity,
    code: f.istioCode && f.istioCode !== f.code ? `${f.code} · ${f.istioCode}` : f.code,
    message: f.message,
    ...(f.fix ? { fix: f.fix } : {}),
    source: SOURCE_WORDS[f.source],
    startLineNumber,
    startColumn,
    endLineNumber,
    endColumn,
  };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Every marker for the problems list, in text order (errors first on one line), each once. */
export function problemsOf(groups: Partial<Record<MarkerOwner, readonly EditorMarker[]>>): (EditorMarker & { owner: MarkerOwner; key: string })[] {
  const seen = new Set<string>();
  const out: (EditorMarker & { owner: MarkerOwner; key: string })[] = [];
  for (const owner of ['apply', 'cluster', 'check', 'schema'] as const) {
    for (const m of groups[owner] ?? []) {
      // The same problem from two sources (the dry run repeating the live check, the core and the YAML service on a
      // syntax error) is listed once, from the first source in this order.
      const key = `${m.startLineNumber}:${m.startColumn}:${m.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...m, owner, key });
    }
  }
  return out.sort((a, b) => a.startLineNumber - b.startLineNumber || RANK[a.severity] - RANK[b.severity] || a.startColumn - b.startColumn);
}

/** "2 errors, 1 warning" (nothing: "No problems"). */
export function problemCounts(markers: readonly Pick<EditorMarker, 'severity'>[]): { errors: number; warnings: number; notes: number } {
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  for (const m of markers) {
    if (m.severity === 'error') errors++;
    else if (m.severity === 'warning') warnings++;
    else notes++;
  }
  return { errors, warnings, notes };
}

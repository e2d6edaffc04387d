import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../../main/contract/config.js';
import { markerOfFinding, problemCounts, problemsOf } from './markers.js';

const finding = (more: Partial<Finding> = {}): Finding => ({ code: 'MD102', severity: 'error', message: 'Subset v9 is defined in no DestinationRule.', source: 'meshdeck', path: [], ...more });

describe('markers', () => {
  it('puts a finding at its range, with both codes, its fix and its source in words', () => {
    const m = markerOfFinding(finding({ istioCode: 'IST0101', fix: 'Use v1.', range: { startLine: 12, startColumn: 9, endLine: 12, endColumn: 19 } }));
    expect(m).toEqual({ severity: 'error', code: 'MD102 · IST0101', message: 'Subset v9 is defined in no DestinationRule.', fix: 'Use v1.', source: 'Meshdeck check', startLineNumber: 12, startColumn: 9, endLineNumber: 12, endColumn: 19 });
  });

  it('names istioctl\'s code once when the finding is istioctl\'s own', () => {
    expect(markerOfFinding(finding({ code: 'IST0101', istioCode: 'IST0101', source: 'analyze' }))).toMatchObject({ code: 'IST0101', source: 'istioctl analyze' });
  });

  it('puts a finding without a range on the first line, and never makes a range end before it starts', () => {
    expect(markerOfFinding(finding())).toMatchObject({ startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 1 });
    expect(markerOfFinding(finding({ range: { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 } }))).toMatchObject({ startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 1 });
    expect(markerOfFinding(finding({ range: { startLine: 3, startColumn: 7, endLine: 3, endColumn: 2 } }))).toMatchObject({ startColumn: 7, endColumn: 7 });
  });

  it('lists problems in text order, errors first on a line, a finding repeated by two sources once', () => {
    const at = (line: number, severity: Finding['severity'], code = 'X', message = `Problem ${code}.`) => markerOfFinding(finding({ code, severity, message, range: { startLine: line, startColumn: 1, endLine: line, endColumn: 5 } }));
    const list = problemsOf({ check: [at(9, 'warning', 'A'), at(3, 'info', 'B'), at(9, 'error', 'C')], cluster: [at(9, 'error', 'C2', 'Problem C.')], schema: [at(1, 'warning', 'D')] });
    expect(list.map((p) => `${p.startLineNumber}${p.code}:${p.owner}`)).toEqual(['1D:schema', '3B:check', '9C2:cluster', '9A:check']);
    expect(problemCounts(list)).toEqual({ errors: 1, warnings: 2, notes: 1 });
  });
});

import type { CheckResult, PrecheckReport } from '../../../main/contract/install.js';
import type { Tone } from '../../components/ui.js';
import type { RunStatus } from './progress.js';

export type StepId = 'precheck' | 'options' | 'preview' | 'apply' | 'verify';

export const STEPS: readonly { id: StepId; label: string }[] = [
  { id: 'precheck', label: 'Precheck' },
  { id: 'options', label: 'Options' },
  { id: 'preview', label: 'Preview' },
  { id: 'apply', label: 'Apply' },
  { id: 'verify', label: 'Verify' },
];

export const stepIndex = (id: StepId) => STEPS.findIndex((s) => s.id === id);

export interface CheckSummary {
  pass: number;
  warn: number;
  fail: number;
  /** One sentence for the top of a checklist. */
  text: string;
  tone: Tone;
}

export function summarizeChecks(checks: readonly CheckResult[], what = 'check'): CheckSummary {
  const pass = checks.filter((c) => c.status === 'pass').length;
  const warn = checks.filter((c) => c.status === 'warn').length;
  const fail = checks.filter((c) => c.status === 'fail').length;
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  if (checks.length === 0) return { pass, warn, fail, text: `No ${what}s were run.`, tone: 'neutral' };
  if (fail) return { pass, warn, fail, text: `${n(fail, what)} failed${warn ? `, ${n(warn, 'warning')}` : ''}.`, tone: 'error' };
  if (warn) return { pass, warn, fail, text: `${n(pass, what)} passed, ${n(warn, 'warning')}.`, tone: 'warn' };
  return { pass, warn, fail, text: checks.length === 1 ? `The ${what} passed.` : `All ${checks.length} ${what}s passed.`, tone: 'ok' };
}

/** What the precheck knows about the options on screen now. */
export interface PrecheckView {
  /** A report exists for exactly these options. */
  current: boolean;
  loading: boolean;
  report?: PrecheckReport;
  failed?: boolean; // the call itself failed
}

/** May the user move past the precheck? Warnings are fine, failures are not; the reason says why not. */
export function precheckGate(p: PrecheckView): { ok: boolean; reason?: string } {
  if (p.loading) return { ok: false, reason: 'Wait for the checks to finish.' };
  if (p.failed) return { ok: false, reason: 'The checks could not run. Try again; the problem is explained above.' };
  if (!p.report || !p.current) return { ok: false, reason: 'Run the checks with the current options first.' };
  const failures = p.report.checks.filter((c) => c.status === 'fail');
  if (failures.length) {
    const names = failures.map((c) => c.title).join('; ');
    return {
      ok: false,
      reason: `${failures.length === 1 ? 'A check failed' : `${failures.length} checks failed`} (${names}). Fix ${failures.length === 1 ? 'it' : 'them'} as shown, or change the options, then run the checks again.`,
    };
  }
  return { ok: true };
}

export interface StepAvailability {
  precheck: PrecheckView;
  optionsValid: boolean;
  applyStatus: RunStatus | 'idle';
  /** An installed control plane exists (manage mode) or the verify step has something to show. */
  hasInstall: boolean;
}

/** Which steps the stepper lets the user jump to, each refusal with its reason. */
export function stepAvailable(step: StepId, a: StepAvailability): { ok: boolean; reason?: string } {
  switch (step) {
    case 'precheck':
    case 'options':
      return { ok: true };
    case 'preview':
      return a.optionsValid ? { ok: true } : { ok: false, reason: 'Fix the options first.' };
    case 'apply': {
      if (a.applyStatus !== 'idle') return { ok: true };
      if (!a.optionsValid) return { ok: false, reason: 'Fix the options first.' };
      const gate = precheckGate(a.precheck);
      return gate.ok ? { ok: true } : { ok: false, reason: gate.reason ?? 'The precheck has not passed.' };
    }
    case 'verify':
      return a.hasInstall || a.applyStatus === 'done' ? { ok: true } : { ok: false, reason: 'Install first.' };
  }
}

/** The file name the exported manifest is saved as. */
export function exportFileName(version: string, revision: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return `istio-${safe(version) || 'manifest'}-${safe(revision) || 'default'}.yaml`;
}

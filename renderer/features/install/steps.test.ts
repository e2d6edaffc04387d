import { describe, expect, it } from 'vitest';
import type { CheckResult, PrecheckReport } from '../../../main/contract/install.js';
import { exportFileName, precheckGate, stepAvailable, summarizeChecks, type StepAvailability } from './steps.js';

const check = (id: string, status: CheckResult['status']): CheckResult => ({ id, title: `Check ${id}`, status, detail: 'd' });
const report = (...checks: CheckResult[]): PrecheckReport => ({ ok: checks.every((c) => c.status !== 'fail'), checks });

describe('precheckGate', () => {
  it('lets the user on with passes and warnings', () => {
    expect(precheckGate({ current: true, loading: false, report: report(check('a', 'pass')) })).toEqual({ ok: true });
    expect(precheckGate({ current: true, loading: false, report: report(check('a', 'pass'), check('b', 'warn')) })).toEqual({ ok: true });
  });

  it('blocks on a failure and says which', () => {
    const gate = precheckGate({ current: true, loading: false, report: report(check('a', 'fail'), check('b', 'warn')) });
    expect(gate.ok).toBe(false);
    expect(gate.reason).toMatch(/A check failed \(Check a\)/);
  });

  it('blocks while running, after an error, and for other options', () => {
    expect(precheckGate({ current: true, loading: true }).reason).toMatch(/Wait/);
    expect(precheckGate({ current: true, loading: false, failed: true }).reason).toMatch(/could not run/);
    expect(precheckGate({ current: false, loading: false, report: report(check('a', 'pass')) }).reason).toMatch(/current options/);
  });
});

describe('stepAvailable', () => {
  const base: StepAvailability = { precheck: { current: true, loading: false, report: report(check('a', 'pass')) }, optionsValid: true, applyStatus: 'idle', hasInstall: false };
  it('always allows precheck and options; preview needs valid options', () => {
    expect(stepAvailable('options', { ...base, optionsValid: false }).ok).toBe(true);
    expect(stepAvailable('preview', { ...base, optionsValid: false })).toEqual({ ok: false, reason: 'Fix the options first.' });
  });
  it('allows apply only after a passing precheck, or once it has run', () => {
    expect(stepAvailable('apply', base).ok).toBe(true);
    const failing = { ...base, precheck: { current: true, loading: false, report: report(check('a', 'fail')) } };
    expect(stepAvailable('apply', failing).ok).toBe(false);
    expect(stepAvailable('apply', { ...failing, applyStatus: 'failed' }).ok).toBe(true);
  });
  it('allows verify once something is installed', () => {
    expect(stepAvailable('verify', base).ok).toBe(false);
    expect(stepAvailable('verify', { ...base, applyStatus: 'done' }).ok).toBe(true);
    expect(stepAvailable('verify', { ...base, hasInstall: true }).ok).toBe(true);
  });
});

describe('summarizeChecks', () => {
  it('says how the checks went in one sentence', () => {
    expect(summarizeChecks([check('a', 'pass'), check('b', 'pass')])).toMatchObject({ text: 'All 2 checks passed.', tone: 'ok' });
    expect(summarizeChecks([check('a', 'pass'), check('b', 'warn')])).toMatchObject({ text: '1 check passed, 1 warning.', tone: 'warn' });
    expect(summarizeChecks([check('a', 'fail'), check('b', 'fail'), check('c', 'warn')])).toMatchObject({ text: '2 checks failed, 1 warning.', tone: 'error' });
    expect(summarizeChecks([]).tone).toBe('neutral');
  });
});

describe('exportFileName', () => {
  it('names the file after version and revision, safely', () => {
    expect(exportFileName('1.24.2', 'default')).toBe('istio-1.24.2-default.yaml');
    expect(exportFileName('1.24/../x', '')).toBe('istio-1.24-..-x-default.yaml');
  });
});

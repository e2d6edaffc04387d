import { describe, expect, it } from 'vitest';
import { ErrorCode, RefusalReason, type RpcErrorShape } from '../../../main/contract/errors.js';
import { ERROR_TEXT, REFUSAL_TEXT, describeForbidden, explain, formatLocation, shortExplanation } from './explain.js';

describe('ERROR_TEXT', () => {
  it('has a title and a hint for every error code', () => {
    for (const code of ErrorCode.options) {
      const entry = ERROR_TEXT[code];
      expect(entry, code).toBeDefined();
      expect(entry.title.trim().length, `${code} title`).toBeGreaterThan(10);
      expect(entry.hint.trim().length, `${code} hint`).toBeGreaterThan(10);
    }
  });

  it('has no entry for a code outside the contract', () => {
    expect(Object.keys(ERROR_TEXT).sort()).toEqual([...ErrorCode.options].sort());
  });

  it('gives every code its own title', () => {
    const titles = ErrorCode.options.map((c) => ERROR_TEXT[c].title);
    expect(new Set(titles).size).toBe(titles.length);
  });

  it('explains every code without throwing', () => {
    for (const code of ErrorCode.options) {
      const e = explain({ code, message: 'm' });
      expect(e.code).toBe(code);
      expect(e.title).toBe(ERROR_TEXT[code].title); // without `forbidden`, even FORBIDDEN keeps its generic title
      expect(e.message).toBe('m');
      expect(shortExplanation({ code, message: 'm' })).toBe(ERROR_TEXT[code].title);
    }
  });
});

describe('REFUSAL_TEXT', () => {
  it('has a title and a hint of its own for every refusal reason', () => {
    expect(Object.keys(REFUSAL_TEXT).sort()).toEqual([...RefusalReason.options].sort());
    const titles = new Set([...RefusalReason.options.map((r) => REFUSAL_TEXT[r].title), ...ErrorCode.options.map((c) => ERROR_TEXT[c].title)]);
    expect(titles.size).toBe(RefusalReason.options.length + ErrorCode.options.length);
    for (const r of RefusalReason.options) expect(REFUSAL_TEXT[r].hint.trim().length, r).toBeGreaterThan(10);
  });

  it('explains a refusal by its reason, keeping the server’s particulars', () => {
    const e = explain({ code: 'REFUSED', reason: 'revision-in-use', message: 'Revision default is still in use: namespace shop selects it.' });
    expect(e.title).toBe('The revision is still needed, so it was not removed');
    expect(e.message).toBe('Revision default is still in use: namespace shop selects it.');
    expect(shortExplanation({ code: 'REFUSED', reason: 'change-running', message: 'x' })).toBe(REFUSAL_TEXT['change-running'].title);
    expect(explain({ code: 'REFUSED', message: 'x' }).title).toBe(ERROR_TEXT.REFUSED.title);
  });
});

describe('explain', () => {
  it('says what to do when the cluster does not answer', () => {
    const e = explain({ code: 'UNREACHABLE', message: 'Connection refused by 127.0.0.1:6443.', detail: 'connect ECONNREFUSED 127.0.0.1:6443' });
    expect(e.title).toBe("The cluster's API server did not answer");
    expect(e.hint).toMatch(/cluster is running/);
    expect(e.hint).toMatch(/server address/);
    expect(e.detail).toBe('connect ECONNREFUSED 127.0.0.1:6443');
    expect(e.detailOpen).toBe(false);
  });

  it('says plainly what was refused, naming the context', () => {
    const error: RpcErrorShape = { code: 'FORBIDDEN', message: 'nodes is forbidden', forbidden: { verb: 'list', resource: 'nodes' } };
    const e = explain(error, { context: 'kind-dev' });
    expect(e.title).toBe('Your account (context kind-dev) is not allowed to list nodes (verb list, resource nodes).');
    expect(e.hint).toMatch(/administrator/);
  });

  it('names the namespace and group of a refused namespaced resource', () => {
    const text = describeForbidden({ verb: 'get', resource: 'deployments', group: 'apps', namespace: 'istio-system' });
    expect(text).toBe(
      'Your account is not allowed to read deployments in namespace istio-system (verb get, resource deployments, group apps, namespace istio-system).',
    );
  });

  it('points at the file and line of a malformed kubeconfig', () => {
    const e = explain({ code: 'KUBECONFIG_MALFORMED', message: 'Not valid YAML.', location: { file: '/home/u/.kube/config', line: 12, column: 3 } });
    expect(e.location).toBe('/home/u/.kube/config:12:3');
    expect(e.facts).toContain('The problem is in /home/u/.kube/config, line 12.');
    expect(formatLocation({ file: 'a.yaml', line: 4 })).toBe('a.yaml:4');
    expect(formatLocation({ file: 'a.yaml' })).toBe('a.yaml');
  });

  it("shows the credential plugin's stderr, open", () => {
    const e = explain({ code: 'EXEC_PLUGIN_FAILED', message: 'The credential plugin gke-gcloud-auth-plugin failed.', detail: 'ERROR: (gcloud) You do not currently have an active account.' });
    expect(e.detail).toMatch(/active account/);
    expect(e.detailOpen).toBe(true);
    expect(e.detailLabel).toMatch(/plugin/);
  });

  it('tells the user to install the plugin or fix PATH', () => {
    expect(explain({ code: 'EXEC_PLUGIN_MISSING', message: 'x' }).hint).toMatch(/install the credential plugin or fix PATH/i);
  });

  it('says what a conflict, an expired version and a refusal mean', () => {
    expect(explain({ code: 'CONFLICT', message: 'Namespace shop changed since the preview.' }).hint).toMatch(/nothing was changed/i);
    expect(explain({ code: 'GONE', message: 'too old' }).hint).toMatch(/reads everything again/);
    const refused = explain({ code: 'REFUSED', message: 'No running control plane serves revision canary.' });
    expect(refused.title).toBe('Meshdeck will not make this change');
    expect(refused.message).toMatch(/canary/);
  });

  it('drops blank detail', () => {
    expect(explain({ code: 'INTERNAL', message: 'x', detail: '  ' }).detail).toBeUndefined();
  });
});

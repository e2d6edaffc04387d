import { describe, expect, it } from 'vitest';
import { emptySimForm, parseHeaders, requestOfForm } from './sim-form.js';

describe('simulator form', () => {
  it('makes a request of the contract from what was typed', () => {
    const r = requestOfForm({ ...emptySimForm('reviews'), port: '9080', path: ' /api ', method: 'POST', headers: 'x-user: jason\n\nend-user : a:b', sourceNamespace: '', gateway: 'istio-system/public' });
    expect(r).toEqual({ request: { host: 'reviews', port: 9080, path: '/api', method: 'POST', headers: { 'x-user': 'jason', 'end-user': 'a:b' }, sourceNamespace: 'default', gateway: 'istio-system/public' } });
  });

  it('says which field is wrong: no host, a port out of range, a header line without a name', () => {
    const r = requestOfForm({ ...emptySimForm(''), port: '70000', headers: 'no colon here' });
    expect('errors' in r && r.errors).toMatchObject({ host: expect.stringContaining('Name the host'), port: expect.any(String), headers: 'Line 1: write each header as name: value.' });
    expect('errors' in requestOfForm({ ...emptySimForm('x'), port: 'abc' })).toBe(true);
  });

  it('reads header lines', () => {
    expect(parseHeaders(': x\nok: 1')).toEqual({ headers: { ok: '1' }, bad: [1] });
  });
});

import { describe, expect, it } from 'vitest';
import { combinedSchema } from './schema-bundle.js';

describe('combinedSchema', () => {
  it('picks each kind\'s schema by apiVersion and kind, and offers the served ones', () => {
    const vs = { type: 'object', properties: { spec: { description: 'routes' } } };
    const gw = { type: 'object', properties: { spec: { description: 'gateway' } } };
    const schema = combinedSchema([
      { group: 'networking.istio.io', version: 'v1', kind: 'VirtualService', schema: vs },
      { group: 'networking.istio.io', version: 'v1', kind: 'Gateway', schema: gw },
      { group: 'gateway.networking.k8s.io', version: 'v1', kind: 'Gateway', schema: gw },
    ]);
    expect(schema.properties).toMatchObject({
      apiVersion: { enum: ['gateway.networking.k8s.io/v1', 'networking.istio.io/v1'] },
      kind: { enum: ['Gateway', 'VirtualService'] },
    });
    expect(schema.allOf).toEqual([
      { if: { properties: { apiVersion: { const: 'networking.istio.io/v1' }, kind: { const: 'VirtualService' } }, required: ['apiVersion', 'kind'] }, then: vs },
      expect.objectContaining({ then: gw }),
      expect.objectContaining({ if: expect.objectContaining({ properties: { apiVersion: { const: 'gateway.networking.k8s.io/v1' }, kind: { const: 'Gateway' } } }) }),
    ]);
  });
});

/**
 * JSON Schemas for the editor from a CRD's openAPIV3Schema at the version the cluster serves, so a newer
 * Istio's fields are known without an app update. Kubernetes' extensions become plain JSON Schema:
 * int-or-string is either; preserve-unknown-fields allows any field; elsewhere an unknown field is an
 * error (the API server refuses it under strict field validation, as Meshdeck applies).
 */

type Schema = Record<string, unknown>;

export function toJsonSchema(s: unknown): Schema {
  if (!s || typeof s !== 'object') return {};
  const src = s as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith('x-kubernetes-') || k === 'nullable') continue;
    if (k === 'properties' && v && typeof v === 'object') out.properties = Object.fromEntries(Object.entries(v as Schema).map(([p, ps]) => [p, toJsonSchema(ps)]));
    else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && v && typeof v === 'object') out[k] = toJsonSchema(v);
    else if ((k === 'oneOf' || k === 'anyOf' || k === 'allOf') && Array.isArray(v)) out[k] = v.map(toJsonSchema);
    else out[k] = v;
  }
  if (src['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }, ...((out.anyOf as Schema[] | undefined) ?? [])];
  }
  if (src.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  const preserve = src['x-kubernetes-preserve-unknown-fields'] === true;
  if (out.type === 'object' && out.properties && !preserve && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const METADATA: Schema = {
  type: 'object',
  description: 'Standard object metadata.',
  properties: {
    name: { type: 'string', description: 'The object\'s name, unique within its namespace.' },
    namespace: { type: 'string', description: 'The namespace the object lives in.' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    resourceVersion: { type: 'string' },
  },
  required: ['name'],
};

/** The schema of a whole object of this kind (apiVersion and kind fixed, metadata as Kubernetes has it). */
export function objectSchema(group: string, version: string, kind: string, openApi: unknown): Schema {
  const body = toJsonSchema(openApi);
  const properties = (body.properties as Schema | undefined) ?? {};
  return {
    ...body,
    type: 'object',
    properties: {
      ...properties,
      apiVersion: { type: 'string', enum: [`${group}/${version}`], description: `${group}/${version}, the version this cluster serves.` },
      kind: { type: 'string', enum: [kind] },
      metadata: METADATA,
    },
    required: [...new Set([...((body.required as string[] | undefined) ?? []), 'apiVersion', 'kind', 'metadata'])],
    additionalProperties: body.additionalProperties ?? true,
  };
}

import type { OutputOf } from '../../../../main/contract/api.js';

type KindSchema = OutputOf<'config.schemas'>['schemas'][number];
type JsonSchema = Record<string, unknown>;

/**
 * One JSON Schema for the editor from the cluster's schemas (`config.schemas`, one per kind at the version it
 * serves): each YAML document is checked against the schema whose apiVersion and kind it names (if/then), so
 * completion and hover follow the kind being written; apiVersion and kind themselves complete from what is served.
 */
export function combinedSchema(schemas: readonly KindSchema[]): JsonSchema {
  const apiVersions = [...new Set(schemas.map((s) => `${s.group}/${s.version}`))].sort();
  const kinds = [...new Set(schemas.map((s) => s.kind))].sort();
  return {
    type: 'object',
    properties: {
      apiVersion: { type: 'string', enum: apiVersions, description: 'The API group and version of the object. These are the ones this cluster serves.' },
      kind: { type: 'string', enum: kinds, description: 'The kind of routing object.' },
    },
    required: ['apiVersion', 'kind', 'metadata'],
    allOf: schemas.map((s) => ({
      if: { properties: { apiVersion: { const: `${s.group}/${s.version}` }, kind: { const: s.kind } }, required: ['apiVersion', 'kind'] },
      then: s.schema,
    })),
  };
}

import { z } from 'zod';

/**
 * The command palette's tasks, decided by the core from where the user is and what the cluster has: which tasks
 * apply now (no "switch to" the context already open, no "start the sandbox" while it runs, install or resume or
 * upgrade as the mesh's state calls for) and in which order they make sense. The UI only lists, filters and runs them.
 */

/** Where a task takes the user, or what it does. */
export const PaletteTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('context'), context: z.string() }),
  z.object({
    kind: z.literal('install'),
    context: z.string(),
    mode: z.enum(['install', 'manage']),
    /** Revisions concerned ('' = the default revision). */
    revisions: z.array(z.string()),
    task: z.enum(['resume', 'upgrade', 'uninstall']).optional(),
  }),
  z.object({ kind: z.literal('inventory'), context: z.string(), tab: z.enum(['namespaces', 'workloads', 'services', 'pods']).optional(), namespace: z.string().optional() }),
  z.object({ kind: z.literal('service'), context: z.string(), namespace: z.string(), service: z.string() }),
  z.object({ kind: z.literal('start-sandbox') }),
]);
export type PaletteTarget = z.infer<typeof PaletteTarget>;

export const PaletteTask = z.object({
  id: z.string(),
  label: z.string(),
  /** "Istio", "Namespace", "Context"…: shown beside the label and searched. */
  group: z.string(),
  detail: z.string().optional(),
  /** More words that find it. */
  keywords: z.string(),
  /** Lower comes first among equally good matches: what makes sense now. */
  rank: z.number(),
  target: PaletteTarget,
});
export type PaletteTask = z.infer<typeof PaletteTask>;

export const PaletteTasks = z.object({ tasks: z.array(PaletteTask) });
export type PaletteTasks = z.infer<typeof PaletteTasks>;

/** Ranks of the UI's own entries (navigation, appearance), so that they sort among the core's tasks. */
export const PALETTE_RANK = { navigation: 60, appearance: 90 } as const;

import { z } from 'zod';
import { ContextName } from './names.js';

/** Diagnostics about the mesh of `context` (default: the current context), with every context's reachability. */
export const DiagnosticsInput = z.object({ context: ContextName.optional() }).strict();

/** The report, already redacted: a file name to offer and its JSON text. */
export const DiagnosticsExport = z.object({
  fileName: z.string(),
  generatedAt: z.string(),
  text: z.string(),
});
export type DiagnosticsExport = z.infer<typeof DiagnosticsExport>;

import type { z } from 'zod';

/** What a contract schema says is wrong with a form's value, by field path ("splits.1.weight"): the first problem of each. */
export function issuesByPath(result: z.ZodSafeParseResult<unknown>): Record<string, string> {
  if (result.success) return {};
  const out: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.');
    out[key] ??= issue.message;
  }
  return out;
}

/** A number typed in a field: undefined when empty, NaN when not a number (the schema then says what it expects). */
export function numberOf(text: string): number | undefined {
  const t = text.trim();
  return t === '' ? undefined : Number(t);
}

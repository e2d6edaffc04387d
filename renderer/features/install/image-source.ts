import type { PushResult } from '../images/push.js';
import type { ImageSource, OptionsDraft, ValueRow } from './options.js';

/** How the image source and a finished push become the install's options (hub, tag, and values pinning images by digest). */

/** Sets each value in the rows: an existing row with the key takes the new value, a new key gets a new row at the end. */
export function mergeValues(rows: readonly ValueRow[], values: Record<string, string>): ValueRow[] {
  let next = rows.map((r) => (Object.prototype.hasOwnProperty.call(values, r.key.trim()) ? { ...r, value: values[r.key.trim()]! } : r));
  let id = rows.reduce((m, r) => Math.max(m, r.id), 0);
  for (const [key, value] of Object.entries(values)) {
    if (!next.some((r) => r.key.trim() === key)) next = [...next, { id: ++id, key, value }];
  }
  return next;
}

/** Removes the rows that hold exactly these values (a row the user changed since stays). */
export function dropValues(rows: readonly ValueRow[], values: Record<string, string>): ValueRow[] {
  return rows.filter((r) => !(Object.prototype.hasOwnProperty.call(values, r.key.trim()) && values[r.key.trim()] === r.value.trim()));
}

/** The options after a push: images from registry/repository, the pushed tag, and the values pinning them by digest. */
export function applyPush(draft: OptionsDraft, result: PushResult): OptionsDraft {
  return {
    ...draft,
    imageSource: 'push',
    hub: result.hub,
    tag: result.tag,
    values: mergeValues(draft.values, result.values),
    push: { ...draft.push, pushed: result },
  };
}

/**
 * Changing the image source: leaving "push" takes its pinned values out again (they name images in that
 * registry); coming back puts them in again.
 */
export function withImageSource(draft: OptionsDraft, source: ImageSource): OptionsDraft {
  if (source === draft.imageSource) return draft;
  const pushed = draft.push.pushed;
  if (draft.imageSource === 'push' && pushed) return { ...draft, imageSource: source, values: dropValues(draft.values, pushed.values) };
  if (source === 'push' && pushed) return applyPush(draft, pushed);
  return { ...draft, imageSource: source };
}


import type { CanaryView, Decision } from '../../../main/contract/canary.js';

/**
 * Desktop notifications for what a person may want to hear about while looking elsewhere: a step promoted, a
 * rollback, a step waiting for approval. Found by comparing two views the core sent (nothing is judged here), and
 * shown with the web Notification API, in the desktop app and in web mode alike; nothing when permission is denied.
 */

export interface Notable {
  kind: 'promote' | 'rollback' | 'approval';
  title: string;
  body: string;
  /** Replaces an earlier notification of the same rollout and kind. */
  tag: string;
}

const decisionKey = (d: Decision) => `${d.at}|${d.step}|${d.action}`;

/** What happened between two views of the same rollout (none on the first view, or when a new rollout started). */
export function notableChanges(before: CanaryView | undefined, after: CanaryView): Notable[] {
  if (!before || before.state.startedAt !== after.state.startedAt) return [];
  const { service, canaryVersion, stableVersion } = after.spec;
  const seen = new Set(before.state.decisions.map(decisionKey));
  const out: Notable[] = [];
  for (const d of after.state.decisions) {
    if (seen.has(decisionKey(d))) continue;
    if (d.action === 'promote') {
      out.push({ kind: 'promote', title: `${service}: ${canaryVersion} promoted to ${d.weight}%`, body: d.reason, tag: `${service}:promote` });
    } else if (d.action === 'rollback') {
      out.push({ kind: 'rollback', title: `${service} rolled back to ${stableVersion}`, body: d.reason, tag: `${service}:rollback` });
    }
  }
  if (after.state.phase === 'waiting-approval' && before.state.phase !== 'waiting-approval') {
    out.push({ kind: 'approval', title: `${service}: the next step waits for your approval`, body: after.summary, tag: `${service}:approval` });
  }
  return out;
}

const ASKED_KEY = 'meshdeck.notifications.asked';

export type NotificationState = 'unsupported' | 'default' | 'granted' | 'denied';

export function notificationState(): NotificationState {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

/** Asks for permission, once ever, from a user's gesture (a click); later calls do nothing. */
export async function askPermissionOnce(): Promise<NotificationState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  try {
    if (localStorage.getItem(ASKED_KEY)) return 'default';
    localStorage.setItem(ASKED_KEY, new Date().toISOString());
  } catch {
    // No storage (a locked-down profile): asking again later is harmless.
  }
  return Notification.requestPermission();
}

/** Shows it if permission was granted; otherwise nothing. */
export function notify(n: Notable): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    new Notification(n.title, { body: n.body, tag: n.tag });
  } catch {
    // Some environments construct notifications only from a service worker: the page says it all anyway.
  }
}

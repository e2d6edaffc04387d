import { useState } from 'react';
import { askPermissionOnce, notificationState, type NotificationState } from './notifications.js';

/** Whether this window tells the desktop of promotions, rollbacks and approvals, and the button that asks (once). */
export function NotifySetting() {
  const [state, setState] = useState<NotificationState>(notificationState);
  if (state === 'unsupported') return null;
  return (
    <p className="notify-setting muted" data-testid="canary-notify" data-state={state}>
      {state === 'granted' ? (
        'Desktop notifications on: promotions, rollbacks, and steps that wait for your approval.'
      ) : state === 'denied' ? (
        'Desktop notifications are blocked for Meshdeck; this page still shows everything.'
      ) : (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => void askPermissionOnce().then(setState)} data-testid="canary-notify-ask">
          Notify me of promotions, rollbacks and approvals
        </button>
      )}
    </p>
  );
}

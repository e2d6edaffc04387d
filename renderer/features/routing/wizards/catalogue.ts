import type { WizardName } from '../../../../main/contract/config.js';

/** The wizards in the order they are offered, with what each does in a few words (which object each can edit is the core's answer). */
export const WIZARDS: readonly { id: WizardName; title: string; purpose: string; perRule: boolean }[] = [
  { id: 'traffic-shift', title: 'Traffic shifting', purpose: 'Split requests between subsets by weight (a canary).', perRule: false },
  { id: 'request-routing', title: 'Request routing', purpose: 'Send requests by path, method or header to a subset.', perRule: false },
  { id: 'fault', title: 'Fault injection', purpose: 'Delay or abort a share of the requests of one rule.', perRule: true },
  { id: 'timeouts', title: 'Timeouts and retries', purpose: 'How long a rule waits, and how often it retries.', perRule: true },
  { id: 'circuit-breaker', title: 'Circuit breaking', purpose: 'Limit connections and eject failing endpoints (a DestinationRule).', perRule: false },
  { id: 'mirror', title: 'Mirroring', purpose: 'Copy a share of one rule’s requests to another host.', perRule: true },
];

import { CanarySpec, type RouteApi } from '../../../main/contract/canary.js';

/**
 * The rollout plan as typed: text fields, percentages as people write them (99 for 99%), steps as a preset or a list.
 * specOf() turns it into the contract's CanarySpec, checked by the contract's own schema; what the plan would refuse
 * (rising steps, workloads missing, a route already there) is the core's to say, in the preview.
 */
export interface PlanDraft {
  namespace: string;
  service: string;
  stableVersion: string;
  canaryVersion: string;
  versionLabel: string;
  steps: 'standard' | 'custom';
  customSteps: string;
  holdSeconds: string;
  /** Percent. */
  minSuccessRate: string;
  /** Percentage points. */
  maxSuccessDrop: string;
  maxP99Ms: string;
  maxP99Ratio: string;
  minRequests: string;
  failureLimit: string;
  /** Step numbers (1-based, as shown) that wait for a person's approval before they start. */
  approvals: number[];
  headerRoute: boolean;
  headerName: string;
  headerValue: string;
  mirror: boolean;
  mirrorPercent: string;
  /** auto: the plan chooses (Gateway API where the namespace routes with HTTPRoutes, Istio's otherwise). */
  routeApi: 'auto' | RouteApi;
  /** No canary Deployment yet: start creates one from the stable's with this image. */
  createCanary: boolean;
  canaryImage: string;
  /** The container that gets the image (blank: the first). */
  canaryContainer: string;
  /** At finalize, scale the stable workload to zero. */
  scaleDownStable: boolean;
}

export type PlanField =
  | 'namespace'
  | 'service'
  | 'stableVersion'
  | 'canaryVersion'
  | 'versionLabel'
  | 'customSteps'
  | 'holdSeconds'
  | 'minSuccessRate'
  | 'maxSuccessDrop'
  | 'maxP99Ms'
  | 'maxP99Ratio'
  | 'minRequests'
  | 'failureLimit'
  | 'headerName'
  | 'headerValue'
  | 'mirrorPercent'
  | 'canaryImage'
  | 'canaryContainer';

export const STANDARD_STEPS = [5, 10, 25, 50, 100] as const;

export interface PlanPrefill {
  namespace?: string | undefined;
  service?: string | undefined;
  stableVersion?: string | undefined;
  canaryVersion?: string | undefined;
}

export function initialDraft(prefill: PlanPrefill = {}): PlanDraft {
  return {
    namespace: prefill.namespace ?? '',
    service: prefill.service ?? '',
    stableVersion: prefill.stableVersion ?? '',
    canaryVersion: prefill.canaryVersion ?? '',
    versionLabel: 'version',
    steps: 'standard',
    customSteps: '25, 50, 100',
    holdSeconds: '60',
    minSuccessRate: '99',
    maxSuccessDrop: '',
    maxP99Ms: '',
    maxP99Ratio: '',
    minRequests: '20',
    failureLimit: '2',
    approvals: [],
    headerRoute: false,
    headerName: 'x-canary',
    headerValue: 'true',
    mirror: false,
    mirrorPercent: '10',
    routeApi: 'auto',
    createCanary: false,
    canaryImage: '',
    canaryContainer: '',
    scaleDownStable: false,
  };
}

/** The draft of a rollout that ran (to plan the next one from it). */
export function draftOfSpec(spec: CanarySpec): PlanDraft {
  const standard = spec.steps.length === STANDARD_STEPS.length && spec.steps.every((w, i) => w === STANDARD_STEPS[i]);
  const text = (n: number | undefined, scale = 1) => (n === undefined ? '' : String(Math.round(n * scale * 1000) / 1000));
  return {
    ...initialDraft(spec),
    versionLabel: spec.versionLabel,
    steps: standard ? 'standard' : 'custom',
    customSteps: spec.steps.join(', '),
    holdSeconds: String(spec.holdSeconds),
    minSuccessRate: text(spec.gates.minSuccessRate, 100),
    maxSuccessDrop: text(spec.gates.maxSuccessDrop, 100),
    maxP99Ms: text(spec.gates.maxP99Ms),
    maxP99Ratio: text(spec.gates.maxP99Ratio),
    minRequests: String(spec.gates.minRequests),
    failureLimit: String(spec.failureLimit),
    approvals: spec.approvals.map((i) => i + 1),
    headerRoute: !!spec.headerRoute,
    headerName: spec.headerRoute?.name ?? 'x-canary',
    headerValue: spec.headerRoute?.value ?? 'true',
    mirror: spec.mirrorPercent !== undefined,
    mirrorPercent: spec.mirrorPercent !== undefined ? String(spec.mirrorPercent) : '10',
    routeApi: spec.routeApi ?? 'auto',
    createCanary: !!spec.createCanary,
    canaryImage: spec.createCanary?.image ?? '',
    canaryContainer: spec.createCanary?.container ?? '',
    scaleDownStable: spec.scaleDownStable,
  };
}

/** "25, 50 100" → [25, 50, 100]; undefined when something is not a whole number. */
export function parseSteps(text: string): number[] | undefined {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) return undefined;
  return parts.map(Number);
}

/** The steps the draft describes (the preset or the typed list). */
export function stepsOf(draft: PlanDraft): number[] | undefined {
  return draft.steps === 'standard' ? [...STANDARD_STEPS] : parseSteps(draft.customSteps);
}

type Errors = Partial<Record<PlanField, string>>;

/** A number field: blank is "not set" (undefined), anything else must be a number (divided by `per`: 100 for a percentage). */
function numberField(errors: Errors, field: PlanField, text: string, per = 1): number | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) {
    errors[field] = 'A number.';
    return undefined;
  }
  return n / per;
}

/** Where the contract's schema puts each field, for its complaints. */
const PATHS: Record<string, PlanField> = {
  namespace: 'namespace',
  service: 'service',
  stableVersion: 'stableVersion',
  canaryVersion: 'canaryVersion',
  versionLabel: 'versionLabel',
  steps: 'customSteps',
  holdSeconds: 'holdSeconds',
  'gates.minSuccessRate': 'minSuccessRate',
  'gates.maxSuccessDrop': 'maxSuccessDrop',
  'gates.maxP99Ms': 'maxP99Ms',
  'gates.maxP99Ratio': 'maxP99Ratio',
  'gates.minRequests': 'minRequests',
  failureLimit: 'failureLimit',
  'headerRoute.name': 'headerName',
  'headerRoute.value': 'headerValue',
  mirrorPercent: 'mirrorPercent',
  'createCanary.image': 'canaryImage',
  'createCanary.container': 'canaryContainer',
};

/** Plainer words than the schema's, per field. */
const WORDS: Partial<Record<PlanField, string>> = {
  namespace: 'A namespace name (lower case letters, digits and dashes).',
  service: 'The Service whose traffic shifts.',
  stableVersion: 'The version label value of the stable pods.',
  canaryVersion: 'The version label value of the canary pods.',
  customSteps: 'Canary weights in percent, 1 to 100, at most 20 of them.',
  holdSeconds: 'Seconds between 5 and 86400.',
  minSuccessRate: 'A percentage between 0 and 100.',
  maxSuccessDrop: 'Percentage points between 0 and 100.',
  maxP99Ms: 'Milliseconds, more than 0.',
  maxP99Ratio: 'A factor, more than 0 (1.5 = half as slow again).',
  minRequests: 'A whole number of requests, at least 1.',
  failureLimit: 'A whole number between 1 and 20.',
  mirrorPercent: 'A percentage between 0 and 100.',
  canaryImage: 'An image as registry/repository:tag (or @sha256:…), without spaces.',
  canaryContainer: 'A container name of the stable Deployment.',
};

/** The CanarySpec the draft describes, or what is wrong with it, per field. */
export function specOf(draft: PlanDraft): { spec?: CanarySpec; errors: Errors } {
  const errors: Errors = {};
  const steps = stepsOf(draft);
  if (!steps) errors.customSteps = 'Whole numbers separated by commas, for example 25, 50, 100.';
  const input = {
    namespace: draft.namespace.trim(),
    service: draft.service.trim(),
    stableVersion: draft.stableVersion.trim(),
    canaryVersion: draft.canaryVersion.trim(),
    versionLabel: draft.versionLabel.trim() || 'version',
    steps: steps ?? [],
    holdSeconds: numberField(errors, 'holdSeconds', draft.holdSeconds) ?? Number.NaN,
    gates: {
      minSuccessRate: numberField(errors, 'minSuccessRate', draft.minSuccessRate, 100),
      maxSuccessDrop: numberField(errors, 'maxSuccessDrop', draft.maxSuccessDrop, 100),
      maxP99Ms: numberField(errors, 'maxP99Ms', draft.maxP99Ms),
      maxP99Ratio: numberField(errors, 'maxP99Ratio', draft.maxP99Ratio),
      minRequests: numberField(errors, 'minRequests', draft.minRequests) ?? 20,
    },
    failureLimit: numberField(errors, 'failureLimit', draft.failureLimit) ?? 2,
    approvals: [...new Set(draft.approvals)].filter((n) => n >= 1 && n <= (steps?.length ?? 0)).map((n) => n - 1).sort((a, b) => a - b),
    ...(draft.headerRoute ? { headerRoute: { name: draft.headerName.trim(), value: draft.headerValue.trim() } } : {}),
    ...(draft.mirror ? { mirrorPercent: numberField(errors, 'mirrorPercent', draft.mirrorPercent) ?? Number.NaN } : {}),
    ...(draft.routeApi !== 'auto' ? { routeApi: draft.routeApi } : {}),
    ...(draft.createCanary ? { createCanary: { image: draft.canaryImage.trim(), ...(draft.canaryContainer.trim() ? { container: draft.canaryContainer.trim() } : {}) } } : {}),
    scaleDownStable: draft.scaleDownStable,
  };
  if (input.stableVersion && input.stableVersion === input.canaryVersion) errors.canaryVersion = 'The canary must be another version than the stable one.';
  // Blank gates are "not set": the schema must not see them as present.
  for (const [k, v] of Object.entries(input.gates)) if (v === undefined) delete input.gates[k as keyof typeof input.gates];
  const parsed = CanarySpec.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = PATHS[issue.path.filter((p) => typeof p === 'string').join('.')];
      if (field && !errors[field]) errors[field] = WORDS[field] ?? issue.message;
    }
  }
  return parsed.success && Object.keys(errors).length === 0 ? { spec: parsed.data, errors } : { errors };
}

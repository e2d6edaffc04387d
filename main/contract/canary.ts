import { z } from 'zod';
import { ContextName, NamespaceName } from './names.js';

/**
 * Canary rollouts: traffic shifted from a stable version to a canary in steps, each held and judged
 * on live metrics, promoted or rolled back on evidence. The rollout lives in the cluster (a ConfigMap
 * beside the service, versioned) and one Meshdeck drives it at a time (a Lease); the core computes its
 * status once, and the UI and the CLI show it.
 */

const Seconds = z.number().int().min(5).max(24 * 3600);

export const CanaryGates = z.object({
  /** The canary's share of successful requests must be at least this (0–1). */
  minSuccessRate: z.number().min(0).max(1).optional(),
  /** …and may trail the stable version's by at most this much (0–1; 0.02 = two points). */
  maxSuccessDrop: z.number().min(0).max(1).optional(),
  /** The canary's p99 latency in ms must stay under this. */
  maxP99Ms: z.number().positive().optional(),
  /** …and at most this many times the stable version's p99. */
  maxP99Ratio: z.number().positive().optional(),
  /** Fewer canary requests than this in the step is "not enough traffic": wait, never judge. */
  minRequests: z.number().int().min(1).default(20),
}).strict();
export type CanaryGates = z.infer<typeof CanaryGates>;

/** The API that routes the service: Istio's VirtualService over DestinationRule subsets, or a Gateway API HTTPRoute over a Service per version. */
export const RouteApi = z.enum(['istio', 'gateway-api']);
export type RouteApi = z.infer<typeof RouteApi>;

/** An image reference as a pod spec takes it: registry/repository[:tag][@digest], no spaces. */
export const ImageReference = z.string().min(1).max(500).regex(/^[a-z0-9][a-z0-9._\-/:@]*$/i, 'An image is registry/repository:tag (or @sha256:…), without spaces.');

export const CanarySpec = z.object({
  namespace: NamespaceName,
  /** The Service whose traffic is shifted. */
  service: z.string().min(1).max(63),
  /** The version label value of the stable pods and of the canary pods. */
  stableVersion: z.string().min(1).max(63),
  canaryVersion: z.string().min(1).max(63),
  /** The label that carries the version (the pod template label a DestinationRule subset selects). */
  versionLabel: z.string().min(1).max(253).default('version'),
  /** Canary weights, percent, one per step, rising; the last is usually 100. */
  steps: z.array(z.number().int().min(1).max(100)).min(1).max(20).default([5, 10, 25, 50, 100]),
  /** How long each step is held and judged before the next. */
  holdSeconds: Seconds.default(60),
  gates: CanaryGates.default({ minRequests: 20 }),
  /** Failed checks in a row that roll back. */
  failureLimit: z.number().int().min(1).max(20).default(2),
  /** "Not enough traffic" or "no data" for longer than this pauses the rollout (never promotes, never fails it). */
  noDataTimeoutSeconds: Seconds.default(600),
  /** Step indexes (0-based) that wait for a person's approval before they start. */
  approvals: z.array(z.number().int().min(0).max(19)).default([]),
  /** Requests with this header value always go to the canary (testers), before the weights apply. */
  headerRoute: z.object({ name: z.string().min(1).max(200), value: z.string().min(1).max(500) }).optional(),
  /** Mirror this share of the stable version's traffic to the canary (its answers are discarded). */
  mirrorPercent: z.number().min(0).max(100).optional(),
  /** At finalize: scale the stable workload to zero. */
  scaleDownStable: z.boolean().default(false),
  /**
   * The routing API. Unset: the plan chooses Gateway API where the service's namespace routes its services
   * with HTTPRoutes (a Service as parent) and Istio's otherwise; the started rollout records the choice.
   */
  routeApi: RouteApi.optional(),
  /**
   * No canary Deployment yet: start creates one from the stable's, with this image (in `container`, or the
   * first container) and the canary's version label, and waits until it is ready.
   */
  createCanary: z.object({ image: ImageReference, container: z.string().min(1).max(63).optional() }).strict().optional(),
}).strict();
export type CanarySpec = z.infer<typeof CanarySpec>;

export const CanaryPhase = z.enum([
  'progressing', // holding a step, judging it
  'waiting-approval', // the next step needs a person
  'paused', // a person paused it, or it paused itself (no data for too long, routing changed by someone else)
  'promoted', // at 100%: finalize to make it permanent
  'finalized', // routes to the canary only
  'rolled-back', // failed checks sent all traffic back to stable
  'aborted', // a person sent all traffic back to stable
]);
export type CanaryPhase = z.infer<typeof CanaryPhase>;

/** The figures a decision rested on: for the canary and for stable, over the step so far. */
export const SideFigures = z.object({ requests: z.number(), successRate: z.number().nullable(), p99: z.number().nullable() });
export type SideFigures = z.infer<typeof SideFigures>;

export const Verdict = z.enum(['pass', 'fail', 'low-traffic', 'no-data', 'holding', 'approval', 'manual']);
export type Verdict = z.infer<typeof Verdict>;

/** One entry of the decision log: what was decided at which step, why, and on which figures. */
export const Decision = z.object({
  at: z.string(),
  step: z.number(),
  weight: z.number(),
  verdict: Verdict,
  /** What happened next: stayed, moved to a step, rolled back… */
  action: z.enum(['hold', 'promote', 'rollback', 'pause', 'resume', 'abort', 'finalize', 'start', 'approve', 'wait']),
  reason: z.string(),
  canary: SideFigures.optional(),
  stable: SideFigures.optional(),
  /** Who did it: the driver (a Meshdeck) or a person through a control. */
  by: z.string(),
});
export type Decision = z.infer<typeof Decision>;

export const CanaryState = z.object({
  phase: CanaryPhase,
  /** Index into spec.steps; -1 before the first step. */
  step: z.number().int(),
  /** The canary's current share, percent (stable has the rest: they always sum to 100). */
  weight: z.number().int().min(0).max(100),
  stepStartedAt: z.string(),
  /** Consecutive failed checks. */
  failures: z.number().int(),
  /** Since when the rollout has had no data or too little traffic (cleared by a judgeable check). */
  waitingSince: z.string().optional(),
  pausedReason: z.string().optional(),
  /**
   * The routing as Meshdeck last wrote it (the route's resourceVersion, the subset objects', and a hash of
   * what they mean): a change by anyone else pauses the rollout.
   */
  routing: z.object({ route: z.string(), subsets: z.string(), fingerprint: z.string() }),
  decisions: z.array(Decision).max(500),
  /**
   * A transition under way: recorded before the routing is written, cleared after. A driver that finds
   * one (its predecessor stopped in between) completes it, so a kill at any point leaves weights consistent.
   */
  pending: z.object({ phase: CanaryPhase, step: z.number().int(), weight: z.number().int().min(0).max(100), decision: Decision }).optional(),
  /** Bumped with every transition (the record's version, beside the ConfigMap's resourceVersion). */
  generation: z.number().int(),
  startedAt: z.string(),
  updatedAt: z.string(),
});
export type CanaryState = z.infer<typeof CanaryState>;

/** The rollout as the UI and the CLI show it: spec, state, and what may be done now (decided by the core). */
export const CanaryView = z.object({
  spec: CanarySpec,
  state: CanaryState,
  /** Who drives it now (a Meshdeck's identity), or nobody. */
  driver: z.string().optional(),
  /** This process drives it. */
  drivingHere: z.boolean(),
  actions: z.object({ pause: z.boolean(), resume: z.boolean(), promote: z.boolean(), promoteFull: z.boolean(), abort: z.boolean(), finalize: z.boolean(), approve: z.boolean() }),
  /** One sentence on where it stands. */
  summary: z.string(),
  /** Seconds until the current step has been held long enough (when progressing). */
  holdRemaining: z.number().optional(),
  /**
   * Each step as a timeline draws it: passed, the current one, where a rollback or an abort stopped it,
   * the next one waiting for approval, or ahead; and whether the plan asks for approval before it.
   */
  steps: z.array(z.object({ weight: z.number(), state: z.enum(['passed', 'current', 'stopped', 'waiting', 'ahead']), approval: z.boolean() })),
  /**
   * The thresholds in force now, to draw on the charts: the absolute gates, and the relative ones worked
   * out from stable's figures in the latest judged check (stable's success rate less the allowed drop;
   * stable's p99 times the allowed ratio).
   */
  gateLines: z.object({
    successRate: z.array(z.object({ value: z.number(), relative: z.boolean() })),
    p99: z.array(z.object({ value: z.number(), relative: z.boolean() })),
  }),
});
export type CanaryView = z.infer<typeof CanaryView>;

export const CanaryRef = z.object({ context: ContextName, namespace: NamespaceName, service: z.string().min(1).max(63) }).strict();

export const CanaryAction = z.enum(['pause', 'resume', 'promote', 'promote-full', 'abort', 'finalize', 'approve']);
export type CanaryAction = z.infer<typeof CanaryAction>;

export const CanaryPlan = z.object({
  spec: CanarySpec,
  /** The routing objects the first step writes, as YAML (shown before the first change). */
  yaml: z.string(),
  /** What the plan found and would refuse. */
  problems: z.array(z.string()),
  /** The Deployments serving each version, found by their labels. */
  stableWorkload: z.string().optional(),
  canaryWorkload: z.string().optional(),
  /** The Deployment start would create for the canary (spec.createCanary), when none serves it yet. */
  createsWorkload: z.string().optional(),
  /** The routing API the rollout uses (spec.routeApi, or the plan's choice), and why. */
  routeApi: RouteApi,
  routeApiWhy: z.string(),
});
export type CanaryPlan = z.infer<typeof CanaryPlan>;

export const CanaryEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('view'), view: CanaryView }),
  z.object({ type: z.literal('gone') }),
]);
export type CanaryEvent = z.infer<typeof CanaryEvent>;

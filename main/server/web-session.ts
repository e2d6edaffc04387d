import { createHash, randomBytes } from 'node:crypto';

/**
 * How long a web-mode session lives. Absolute 12 h: one working day, so a user logs in at most about once
 * a day, and a stolen session is worth at most that long. Idle 1 h: a tab closed (or a laptop left) for an
 * hour ends the session; an open WebSocket counts as activity, so a dashboard left watching a cluster stays.
 */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 60 * 60_000, absoluteMs: 12 * 60 * 60_000 };

export type Exchange = { ok: true; sessionId: string; maxAgeSeconds: number } | { ok: false; reason: 'unknown' | 'used' };

interface Session {
  createdAt: number;
  lastSeenAt: number;
  openSockets: number;
}

/** Secrets are kept only as hashes: map lookups then reveal nothing about the secret by their timing. */
const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');
const newSecret = () => randomBytes(32).toString('base64url');

/**
 * Web mode's credentials. A start token (printed in the login URL) is traded once for a session: a separate
 * random secret that only ever travels in the session cookie. The token cannot be traded twice, and a session
 * ends after `idleMs` without activity or `absoluteMs` after it began, whichever comes first.
 */
export class WebSessions {
  private readonly unusedTokens = new Set<string>();
  private readonly usedTokens = new Set<string>();
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new single-use start token; `fixed` only for tests. */
  issueStartToken(fixed?: string): string {
    const token = fixed ?? newSecret();
    this.unusedTokens.add(digest(token));
    return token;
  }

  exchange(token: string): Exchange {
    const key = digest(token);
    if (this.usedTokens.has(key)) return { ok: false, reason: 'used' };
    if (!this.unusedTokens.delete(key)) return { ok: false, reason: 'unknown' };
    this.usedTokens.add(key);
    this.prune();
    const sessionId = newSecret();
    const at = this.now();
    this.sessions.set(digest(sessionId), { createdAt: at, lastSeenAt: at, openSockets: 0 });
    return { ok: true, sessionId, maxAgeSeconds: Math.floor(this.policy.absoluteMs / 1000) };
  }

  /** True if the session is live; counts as activity. */
  touch(sessionId: string | undefined): boolean {
    const session = this.live(sessionId);
    if (session) session.lastSeenAt = this.now();
    return !!session;
  }

  /**
   * A WebSocket of this session opened: it keeps the session from going idle until it closes. Returns when the
   * session ends for good (absolute expiry), or undefined when the session is not live.
   */
  socketOpened(sessionId: string | undefined): { endsAt: number; closed(): void } | undefined {
    const session = this.live(sessionId);
    if (!session) return undefined;
    session.openSockets++;
    session.lastSeenAt = this.now();
    let closed = false;
    return {
      endsAt: session.createdAt + this.policy.absoluteMs,
      closed: () => {
        if (closed) return;
        closed = true;
        session.openSockets--;
        session.lastSeenAt = this.now();
      },
    };
  }

  private live(sessionId: string | undefined): Session | undefined {
    if (!sessionId) return undefined;
    const key = digest(sessionId);
    const session = this.sessions.get(key);
    if (!session) return undefined;
    if (this.expired(session)) {
      this.sessions.delete(key);
      return undefined;
    }
    return session;
  }

  private expired(s: Session): boolean {
    const at = this.now();
    if (at - s.createdAt >= this.policy.absoluteMs) return true;
    return s.openSockets === 0 && at - s.lastSeenAt >= this.policy.idleMs;
  }

  private prune(): void {
    for (const [key, session] of this.sessions) if (this.expired(session)) this.sessions.delete(key);
  }
}

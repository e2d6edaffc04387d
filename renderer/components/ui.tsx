import type { ReactNode } from 'react';

export type Tone = 'ok' | 'warn' | 'error' | 'info' | 'neutral';

const ICON: Record<Tone, string> = { ok: '✓', warn: '!', error: '✕', info: 'i', neutral: '•' };

/** A status badge: colour AND an icon AND words, never colour alone. */
export function Badge({ tone, children, icon = true, testId }: { tone: Tone; children: ReactNode; icon?: boolean; testId?: string }) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId}>
      {icon ? (
        <span className="badge-icon" aria-hidden="true">
          {ICON[tone]}
        </span>
      ) : null}
      {children}
    </span>
  );
}

/** A small spinner with words next to it (the words are what screen readers and tests read). */
export function Spinner({ label }: { label: string }) {
  return (
    <span className="spinner-wrap">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </span>
  );
}

export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="sr-only">{children}</span>;
}

/** An empty value in a table: a dash for the eye, "none" for the ear. */
export function None() {
  return (
    <span className="none">
      <span aria-hidden="true">—</span>
      <span className="sr-only">none</span>
    </span>
  );
}

export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId}>
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** Grey blocks of fixed size while data loads, so nothing jumps when it arrives. */
export function Skeleton({ lines = 1, className }: { lines?: number; className?: string }) {
  return (
    <span className={`skeleton-group${className ? ` ${className}` : ''}`} aria-hidden="true">
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} className="skeleton" />
      ))}
    </span>
  );
}

export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

// One formatter for the page: toLocaleTimeString builds a new one (and its locale data) on every call.
let timeFormat: Intl.DateTimeFormat | undefined;

/** The time of day in the user's locale (12 or 24 hours, as they have it). */
export function formatTime(iso: string | number): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  timeFormat ??= new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' });
  return timeFormat.format(d);
}

/** "3d", "5h", "12m" between two instants (for namespace ages, measured against the overview's own time). */
export function formatAge(from: string, to: string): string | undefined {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  const s = Math.max(0, Math.round((b - a) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);

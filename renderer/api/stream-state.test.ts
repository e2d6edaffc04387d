import { describe, expect, it } from 'vitest';
import { NO_STREAM, streamView, withEvent, withStop, type StreamInternal, type StreamRequest } from './stream-state.js';

const sum = (s: number | undefined, e: number) => (s ?? 0) + e;
const live = (id: string, key: string | null, initial?: number): StreamRequest<number> => ({ id, key, ...(initial !== undefined ? { initial } : {}) });

describe('a live view (a subscription per input)', () => {
  it('folds the events of its run', () => {
    const r = live('a#1', 'a');
    let s: StreamInternal<number> = NO_STREAM;
    expect(streamView(s, r).status).toBe('connecting');
    s = withEvent(s, r, 2, sum, 10);
    s = withEvent(s, r, 3, sum, 20);
    expect(streamView(s, r)).toEqual({ data: 5, error: undefined, status: 'live', receivedAt: 20 });
  });

  it('keeps the data of the same input while it starts again, then folds from nothing', () => {
    const first = live('a#1', 'a');
    const again = live('a#2', 'a');
    let s = withEvent(NO_STREAM, first, 5, sum, 10);
    expect(streamView(s, again)).toEqual({ data: 5, error: undefined, status: 'connecting', receivedAt: 10 });
    s = withEvent(s, again, 1, sum, 30);
    expect(streamView(s, again).data).toBe(1);
  });

  it('shows nothing of another input', () => {
    const s = withEvent(NO_STREAM, live('a#1', 'a'), 5, sum, 10);
    expect(streamView(s, live('b#1', 'b')).data).toBeUndefined();
  });

  it('keeps the last data with the error when the stream fails', () => {
    const r = live('a#1', 'a');
    const s = withStop(withEvent(NO_STREAM, r, 5, sum, 10), r, { type: 'error', error: { code: 'TIMEOUT', message: 'slow' } });
    expect(streamView(s, r)).toEqual({ data: 5, error: { code: 'TIMEOUT', message: 'slow' }, status: 'error', receivedAt: 10 });
  });

  it('keeps the previous run’s data when the new run fails before its first event', () => {
    const s = withStop(withEvent(NO_STREAM, live('a#1', 'a'), 5, sum, 10), live('a#2', 'a'), { type: 'ended' });
    expect(streamView(s, live('a#2', 'a'))).toMatchObject({ data: 5, status: 'ended' });
  });
});

describe('a run on demand', () => {
  it('starts from its initial state and settles how it stopped', () => {
    const r = live('run#1', null, 100);
    expect(streamView(NO_STREAM, r)).toMatchObject({ data: 100, status: 'connecting' });
    const s = withStop(withEvent(NO_STREAM, r, 1, sum, 10), r, { type: 'cancelled' }, (state, stop) => (stop.type === 'cancelled' ? -(state ?? 0) : state));
    expect(streamView(s, r)).toMatchObject({ data: -101, status: 'cancelled' });
  });

  it('does not show an earlier run’s data', () => {
    const s = withEvent(NO_STREAM, live('run#1', null), 5, sum, 10);
    expect(streamView(s, live('run#2', null)).data).toBeUndefined();
    expect(streamView(s, null).status).toBe('idle');
  });
});

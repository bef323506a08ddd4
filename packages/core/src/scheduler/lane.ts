/** A target's lane: its calls wait here in priority order and go out one at a time, when its limit allows. */
import type { ScheduledJob } from './job.js';
import type { TimerHandle } from './clock.js';
import type { SlidingWindowLimiter } from './limiter.js';

export interface Lane {
  key: string;
  limiter: SlidingWindowLimiter;
  jitter: number;
  jobs: ScheduledJob[];
  /** The job this lane let out (waiting in the account queue or running); null when free. */
  current: ScheduledJob | null;
  timer: TimerHandle | undefined;
}

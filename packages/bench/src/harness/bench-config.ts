/** Sizes of one bench run: the full run of the issue, or the smoke run (`--quick`). */
export interface BenchConfig {
  mode: 'full' | 'quick';
  warmup: number;
  events: number;
  inFlight: number;
  /** Rounds of the four end-to-end runs (baseline and cqkit alternating); each figure is the median. */
  e2eRounds: number;
  /** Groups the events are spread over. */
  groups: number;
  soakEvents: number;
  /** The soak's growth is measured from this event to the last. */
  soakFrom: number;
  soakSampleEvery: number;
  schedulerCalls: number;
  /** Interleaved repetitions of the queued/direct comparison in each process. */
  schedulerRounds: number;
  /** Processes the comparison runs in; the median of all their rounds' ratios counts. */
  schedulerProcesses: number;
  /** Sends in each of the two rate-limit phases (global-bound, per-group-bound). */
  rateLimitSendsPerPhase: number;
  /** Sends per group in the per-group-bound phase (each 500 ms apart, so this sets its length). */
  rateLimitSendsPerGroup: number;
  /** Soak growth compares the median RSS of this many samples from soakFrom with the last as many. */
  soakWindow: number;
  startupRuns: number;
  /** Longest a single load phase may take before it is cut off, ms. */
  phaseTimeLimitMs: number;
  selfId: number;
}

export const fullConfig: BenchConfig = {
  mode: 'full',
  warmup: 10_000,
  events: 60_000,
  inFlight: 64,
  e2eRounds: 7,
  groups: 100,
  soakEvents: 200_000,
  soakFrom: 20_000,
  soakSampleEvery: 2000,
  soakWindow: 10,
  schedulerCalls: 100_000,
  schedulerRounds: 10,
  schedulerProcesses: 5,
  rateLimitSendsPerPhase: 500,
  rateLimitSendsPerGroup: 20,
  startupRuns: 5,
  phaseTimeLimitMs: 600_000,
  selfId: 10_001,
};

export const quickConfig: BenchConfig = {
  mode: 'quick',
  warmup: 50,
  events: 300,
  inFlight: 64,
  e2eRounds: 1,
  groups: 100,
  soakEvents: 2000,
  soakFrom: 300,
  soakSampleEvery: 100,
  soakWindow: 5,
  schedulerCalls: 5000,
  schedulerRounds: 1,
  schedulerProcesses: 1,
  rateLimitSendsPerPhase: 50,
  rateLimitSendsPerGroup: 4,
  startupRuns: 1,
  phaseTimeLimitMs: 15_000,
  selfId: 10_001,
};

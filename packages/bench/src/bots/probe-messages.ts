/** What the harness and the probe inside a bot process say to each other over IPC. */
export interface ProbeRequest {
  probe: true;
  id: number;
  /**
   * 'mark' restarts the CPU and peak-RSS counters; 'report' only reads them; 'gc-report' first runs a
   * full garbage collection when the bot was started with --expose-gc (heapUsed is then the live heap).
   */
  type: 'mark' | 'report' | 'gc-report';
}

export interface ProbeReply {
  probe: true;
  id: number;
  pid: number;
  /** CPU time spent since the last mark, microseconds. */
  cpuUserUs: number;
  cpuSystemUs: number;
  wallMs: number;
  /** Bytes. */
  rss: number;
  /** Largest RSS sampled (every 100 ms and at each request) since the last mark, bytes. */
  peakRss: number;
  /** The kernel's peak RSS of the whole process life, bytes. */
  maxRss: number;
  heapUsed: number;
  /** True when a full GC ran just before these figures. */
  collected: boolean;
  heapTotal: number;
  /** Memory of C++ objects bound to JavaScript ones, and of ArrayBuffers (Buffers), bytes. */
  external: number;
  arrayBuffers: number;
}

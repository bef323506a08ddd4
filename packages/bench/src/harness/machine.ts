/** The machine a run was made on, written beside the figures. */
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  node: string;
  platform: string;
  release: string;
  totalMemoryMb: number;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: process.platform,
    release: os.release(),
    totalMemoryMb: Math.round(os.totalmem() / (1024 * 1024)),
  };
}

import { readdirSync, readFileSync } from 'node:fs';

/** Peak resident memory seen while a phase ran, in MiB (null: could not be read on this OS). */
export interface MemoryPeak {
  readonly processRssMiB: number;
  readonly dynamoDbLocalRssMiB: number | null;
}

const MiB = 1024 * 1024;

/** VmRSS of a process from /proc (Linux), in bytes; undefined when the process or /proc is not there. */
const residentBytes = (pid: number): number | undefined => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
};

/**
 * The Java process of the DynamoDB Local listening on `port`: the launcher only knows its own child, so
 * the process is found by its command line (`DynamoDBLocal.jar ... -port <port>`), which names it uniquely.
 */
export const findDynamoDbLocalPid = (port: number): number | undefined => {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const portAt = args.indexOf('-port');
      if (args.some((a) => a.includes('DynamoDBLocal')) && args[portAt + 1] === String(port))
        return Number(entry);
    } catch {
      // the process ended while the list was read
    }
  }
  return undefined;
};

/** Samples this process's RSS and the JVM's every `intervalMs` until stopped; returns the peaks. */
export const sampleMemory = (jvmPid: number | undefined, intervalMs = 250) => {
  let processPeak = process.memoryUsage().rss;
  let jvmPeak = jvmPid === undefined ? undefined : residentBytes(jvmPid);
  const sample = () => {
    processPeak = Math.max(processPeak, process.memoryUsage().rss);
    const jvm = jvmPid === undefined ? undefined : residentBytes(jvmPid);
    if (jvm !== undefined) jvmPeak = Math.max(jvmPeak ?? 0, jvm);
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop: (): MemoryPeak => {
      clearInterval(timer);
      sample();
      return {
        processRssMiB: Math.round(processPeak / MiB),
        dynamoDbLocalRssMiB: jvmPeak === undefined ? null : Math.round(jvmPeak / MiB),
      };
    },
  };
};

/**
 * The most this process's V8 heap grew over its size at the start, sampled every `intervalMs` until stopped, in
 * MiB: what one piece of work running in this process (the projector's bootstrap) holds at once, garbage included.
 */
export const sampleHeapGrowth = (intervalMs = 100) => {
  const start = process.memoryUsage().heapUsed;
  let peak = start;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    stop: (): number => {
      clearInterval(timer);
      sample();
      return Math.round((peak - start) / MiB);
    },
  };
};

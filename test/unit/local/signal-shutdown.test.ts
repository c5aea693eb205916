import { describe, expect, it } from 'vitest';
import { createSignalShutdown } from '../../../infra/local/process/signal-shutdown.ts';

const harness = () => {
  let clock = 0;
  let finishStop: () => void = () => undefined;
  const written: string[] = [];
  const exits: number[] = [];
  let stops = 0;
  const handle = createSignalShutdown({
    stop: () => {
      stops++;
      return new Promise<void>((resolve) => {
        finishStop = resolve;
      });
    },
    graceMs: 1_000,
    now: () => clock,
    write: (_stream, text) => written.push(text),
    exit: (code) => exits.push(code),
  });
  return {
    handle,
    advance: (ms: number) => {
      clock += ms;
    },
    finishStop: () => finishStop(),
    written,
    exits,
    stops: () => stops,
  };
};

describe('createSignalShutdown', () => {
  it('treats relayed copies of one Ctrl-C as one request: one stop, exit 0, no forced exit', async () => {
    const h = harness();

    h.handle('SIGINT');
    h.advance(5);
    h.handle('SIGINT');
    h.advance(30);
    h.handle('SIGINT');
    h.finishStop();
    await new Promise(setImmediate);

    expect(h.stops()).toBe(1);
    expect(h.written.join('')).not.toContain('Forced exit.');
    expect(h.exits).toEqual([0]);
  });

  it('forces the exit with 130 when Ctrl-C is pressed again after the grace window while stopping', () => {
    const h = harness();

    h.handle('SIGINT');
    h.advance(2_000);
    h.handle('SIGINT');

    expect(h.written.join('')).toContain('Forced exit.');
    expect(h.exits).toEqual([130]);
  });
});

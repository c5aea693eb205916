import { describe, expect, it } from 'vitest';
import { FaultController } from '../../../sandbox/faults/fault-controller.ts';
import type { DataFault } from '../../../sandbox/faults/fault-spec.ts';
import { ConfigError } from '../../../schemas/config/parse-config.ts';

const noData = () => new FaultController(() => []);

describe('FaultController', () => {
  it('fires a one-shot fault once and then lets requests through', () => {
    const faults = noData();
    faults.inject({ kind: 'rateLimit', retryAfterSeconds: 2 });

    const first = faults.planFor('/A_SalesOrder');
    const second = faults.planFor('/A_SalesOrder');

    expect(first.terminal).toMatchObject({ kind: 'rateLimit', retryAfterSeconds: 2 });
    expect(second.terminal).toBeUndefined();
    expect(faults.pending()).toHaveLength(0);
  });

  it('waits for afterRequests matching requests and fires `times` times on matching paths only', () => {
    const faults = noData();
    faults.inject({
      kind: 'serverError',
      status: 502,
      times: 2,
      afterRequests: 1,
      pathIncludes: 'shipments',
    });

    const plans = ['/shipments', '/onhand', '/shipments', '/shipments', '/shipments'].map(
      (path) => faults.planFor(path).terminal?.kind,
    );

    expect(plans).toEqual([undefined, undefined, 'serverError', 'serverError', undefined]);
    expect(faults.fired().map((fault) => fault.kind)).toEqual(['serverError', 'serverError']);
  });

  it('combines a slow response with a replacement response but never two faults of one kind', () => {
    const faults = noData();
    faults.inject({ kind: 'slow', delayMs: 25 });
    faults.inject({ kind: 'rateLimit' });
    faults.inject({ kind: 'serverError' });
    faults.inject({ kind: 'invalidRecord', problem: 'missingKey' });
    faults.inject({ kind: 'invalidRecord', problem: 'badDate' });

    const first = faults.planFor('/x');
    const second = faults.planFor('/x');

    expect(first).toMatchObject({
      delayMs: 25,
      terminal: { kind: 'rateLimit' },
      invalidRecord: 'missingKey',
    });
    expect(second).toMatchObject({ delayMs: 0, terminal: { kind: 'serverError' }, invalidRecord: 'badDate' });
  });

  it('marks record and body faults on the plan', () => {
    const faults = noData();
    faults.inject({ kind: 'invalidRecord', problem: 'badDate' });
    faults.inject({ kind: 'malformedJson' });

    expect(faults.planFor('/x')).toEqual({ delayMs: 0, malformedJson: true, invalidRecord: 'badDate' });
  });

  it('applies data faults at once through the handler', () => {
    const applied: DataFault[] = [];
    const faults = new FaultController((fault) => {
      applied.push(fault);
      return ['k1'];
    });

    const keys = faults.inject({ kind: 'deleteRows', stream: 'customers' });

    expect(keys).toEqual(['k1']);
    expect(applied).toEqual([{ kind: 'deleteRows', stream: 'customers', count: 1 }]);
    expect(faults.pending()).toHaveLength(0);
  });

  it('names the bad field of an invalid spec', () => {
    const attempt = () => noData().injectUnvalidated({ kind: 'slow', delayMs: -5 });

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow('delayMs');
  });

  it('disarms pending faults on clear', () => {
    const faults = noData();
    faults.inject({ kind: 'connectionReset', times: 3 });

    faults.clear();

    expect(faults.planFor('/x').terminal).toBeUndefined();
  });
});

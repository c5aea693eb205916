import { describe, expect, it } from 'vitest';
import { ConnectorsConfigSchema } from '../../../connectors/config/connector-config.ts';
import { hubTopology, hubTopologyFor } from '../../../infra/topology/index.ts';

const connectors = (input: unknown) => ConnectorsConfigSchema.parse(input);

const sap = { preset: 'sap-s4', baseUrl: 'https://erp.example.com/sap', auth: { kind: 'none' } };
const windchill = { preset: 'windchill', baseUrl: 'https://plm.example.com/odata', auth: { kind: 'none' } };

const connectorSchedules = (topology: ReturnType<typeof hubTopologyFor>) =>
  topology.schedules
    .filter((s) => s.function === 'connector-sync')
    .map((s) => ({ name: s.name, expression: s.expression, input: s.input, runAtStart: s.runAtStart }));

describe('connector schedules of the topology', () => {
  it('gives an instance of any name its own schedule, its preset’s default unless it sets one', () => {
    const topology = hubTopologyFor(
      connectors({
        'acme-erp-plant-2': { ...sap, schedule: 'cron(15 2 * * ? *)' },
        'plm-eu': windchill,
      }),
    );

    expect(connectorSchedules(topology)).toEqual([
      {
        name: 'sync-acme-erp-plant-2',
        expression: 'cron(15 2 * * ? *)',
        input: { connector: 'acme-erp-plant-2' },
        runAtStart: true,
      },
      {
        name: 'sync-plm-eu',
        expression: 'rate(15 minutes)',
        input: { connector: 'plm-eu' },
        runAtStart: true,
      },
    ]);
  });

  it('has no schedule for an instance that is not configured', () => {
    const withWindchill = hubTopologyFor(connectors({ 'sap-s4': sap, windchill }));
    const without = hubTopologyFor(connectors({ 'sap-s4': sap }));

    expect(connectorSchedules(withWindchill).map((s) => s.name)).toContain('sync-windchill');
    expect(connectorSchedules(without).map((s) => s.name)).toEqual(['sync-sap-s4']);
    expect(connectorSchedules(hubTopology)).toEqual([]);
  });

  it('reserves one sync slot per scheduled instance, so overlapping runs cannot pile up', () => {
    const topology = hubTopologyFor(connectors({ a: sap, b: sap, c: windchill }));

    expect(topology.functions['connector-sync']?.reservedConcurrency).toBe(3);
  });

  it('refuses a schedule that is not a Scheduler expression, naming the instance', () => {
    const parsed = ConnectorsConfigSchema.safeParse({ erp: { ...sap, schedule: 'every 5 minutes' } });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['erp', 'schedule']);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../schemas/config/parse-config.ts';
import {
  BENCH_SECTIONS,
  FULL_SIZES,
  parseBenchOptions,
  QUICK_SIZES,
  wantsBenchHelp,
} from '../../bench/bench-options.ts';

describe('bench command line', () => {
  it('runs every section at the full sizes when given no option', () => {
    const options = parseBenchOptions([]);
    expect(options.sections).toEqual([...BENCH_SECTIONS]);
    expect(options.sizes).toEqual(FULL_SIZES);
    expect(options.sizing).toBe('full');
  });

  it('--quick with --only runs the named sections at the CI sizes', () => {
    const options = parseBenchOptions(['--quick', '--only', 'matcher, api']);
    expect(options.sections).toEqual(['matcher', 'api']);
    expect(options.sizes).toEqual(QUICK_SIZES);
  });

  it('--size scales every record count from the full run and marks the sizing custom', () => {
    const options = parseBenchOptions(['--size', '10000']);
    expect(options.sizes.ingestRecords).toBe(10_000);
    expect(options.sizes.initialLoadRecords).toBe(50_000);
    expect(options.sizes.apiCustomers).toBe(FULL_SIZES.apiCustomers);
    expect(options.sizing).toBe('custom');
  });

  it('times the store phases without streams unless --store-streams asks for them, which marks the sizing custom', () => {
    expect(parseBenchOptions(['--quick']).sizes.storeStreams).toBe(false);
    const options = parseBenchOptions(['--quick', '--store-streams']);
    expect(options.sizes.storeStreams).toBe(true);
    expect(options.sizing).toBe('custom');
  });

  it('an unknown option is a ConfigError naming it, not a parser stack trace', () => {
    expect(() => parseBenchOptions(['--bogus'])).toThrowError(ConfigError);
    expect(() => parseBenchOptions(['--bogus'])).toThrowError(/Unknown option '--bogus'/);
  });

  it('an unknown section is a ConfigError listing the known ones', () => {
    expect(() => parseBenchOptions(['--only', 'nosuch'])).toThrowError(
      /only\[0\].*"functions"\|"write-shapes"\|"ingestion"/s,
    );
  });

  it('--help and -h ask for the usage text', () => {
    expect(wantsBenchHelp(['--quick', '--help'])).toBe(true);
    expect(wantsBenchHelp(['-h'])).toBe(true);
    expect(wantsBenchHelp(['--quick'])).toBe(false);
  });
});

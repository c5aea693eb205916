import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitQuietlyOnClosedOutput } from '../../../infra/local/cli/closed-output.ts';

const writeError = (code: string) => Object.assign(new Error(`write ${code}`), { code, syscall: 'write' });

describe('exitQuietlyOnClosedOutput (hub360 … | head -1)', () => {
  it('exits with 0 when the reader closed the pipe (EPIPE)', () => {
    const stream = new EventEmitter();
    const exits: number[] = [];
    exitQuietlyOnClosedOutput(stream, (code) => exits.push(code));

    stream.emit('error', writeError('EPIPE'));

    expect(exits).toEqual([0]);
  });

  it('rethrows any other write error instead of hiding it', () => {
    const stream = new EventEmitter();
    const exits: number[] = [];
    exitQuietlyOnClosedOutput(stream, (code) => exits.push(code));

    expect(() => stream.emit('error', writeError('ENOSPC'))).toThrow('write ENOSPC');
    expect(exits).toEqual([]);
  });
});

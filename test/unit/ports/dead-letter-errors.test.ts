import { describe, expect, it } from 'vitest';
import {
  DeadLetterNotFoundError,
  DeadLettersUnavailableError,
} from '../../../core/ports/dead-letter-queue.ts';

describe('dead-letter errors', () => {
  it('names the missing dead letter and says it may have been redriven', () => {
    const error = new DeadLetterNotFoundError('dl-7');

    expect(error.name).toBe('DeadLetterNotFoundError');
    expect(error.deadLetterId).toBe('dl-7');
    expect(error.message).toBe('No dead letter has the id dl-7; it may have been redriven already');
  });

  it('carries its own name when the deployment cannot read dead letters', () => {
    expect(new DeadLettersUnavailableError('no adapter').name).toBe('DeadLettersUnavailableError');
  });
});

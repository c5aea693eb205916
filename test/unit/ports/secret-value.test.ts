import { describe, expect, it } from 'vitest';
import { parseSecretValue, SecretUnavailableError } from '../../../core/ports/secret-resolver.ts';

describe('parseSecretValue', () => {
  it('returns the fields of a JSON object of strings', () => {
    expect(parseSecretValue('erp/api', '{"username":"svc","password":"pw"}')).toEqual({
      username: 'svc',
      password: 'pw',
    });
  });

  it.each([
    ['text that is not JSON', 'not json', 'Secret "erp/api" is not valid JSON'],
    [
      'a field that is not a string',
      '{"port":443}',
      'Secret "erp/api" must be a JSON object of string fields',
    ],
    ['an array', '["a"]', 'Secret "erp/api" must be a JSON object of string fields'],
  ])('refuses %s, naming the reference and not the content', (_, text, message) => {
    let error: unknown;
    try {
      parseSecretValue('erp/api', text);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(SecretUnavailableError);
    expect((error as Error).name).toBe('SecretUnavailableError');
    expect((error as Error).message).toBe(message);
  });
});

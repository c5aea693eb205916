import { useEffect, useRef, useState } from 'preact/hooks';

export type AsyncState<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'done'; readonly value: T }
  | { readonly state: 'failed'; readonly error: unknown };

/**
 * Runs `load` whenever a dependency changes and keeps only the latest answer. A reload keeps showing the
 * current value until the new one arrives, so the screen (and any message on it) does not flicker away.
 */
export const useAsync = <T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
): [AsyncState<T>, () => void] => {
  const [result, setResult] = useState<AsyncState<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const depsKey = useRef<string>('');
  useEffect(() => {
    let current = true;
    const key = JSON.stringify(deps);
    if (key !== depsKey.current) setResult({ state: 'loading' });
    depsKey.current = key;
    load().then(
      (value) => current && setResult({ state: 'done', value }),
      (error: unknown) => current && setResult({ state: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return [result, () => setRound((r) => r + 1)];
};

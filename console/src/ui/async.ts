import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api.ts';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, error instanceof Error ? error.message : String(error));
}

/** Loads once per change of `deps` and on reload(); a late answer to an older load is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) => current && setState({ data: null, error: asApiError(error), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}

export interface Action<A extends unknown[]> {
  run(...args: A): Promise<boolean>;
  busy: boolean;
  error: ApiError | null;
  done: boolean;
}

/** A button's call: busy while it runs, its refusal kept for display; run() answers whether it succeeded. */
export function useAction<A extends unknown[]>(act: (...args: A) => Promise<unknown>): Action<A> {
  const [state, setState] = useState<{ busy: boolean; error: ApiError | null; done: boolean }>({ busy: false, error: null, done: false });
  const run = async (...args: A) => {
    setState({ busy: true, error: null, done: false });
    try {
      await act(...args);
      setState({ busy: false, error: null, done: true });
      return true;
    } catch (error) {
      setState({ busy: false, error: asApiError(error), done: false });
      return false;
    }
  };
  return { run, ...state };
}

import { useCallback, useEffect, useState } from 'react';
import { type DataOf, get, onSessionEnd, post, setCsrfToken } from '../api.ts';

export type Developer = DataOf<'/console/dev/api/me'>;

/** The signed-in developer, resumed from the cookie on load (me gives the CSRF token back); null when signed out. */
export function useDeveloperSession() {
  const [developer, setDeveloper] = useState<Developer | null | undefined>(undefined);
  const refresh = useCallback(async () => {
    try {
      const me = await get('/console/dev/api/me');
      setCsrfToken(me.csrfToken);
      setDeveloper(me);
    } catch {
      setDeveloper(null);
    }
  }, []);
  useEffect(() => {
    onSessionEnd(() => setDeveloper(null));
    void refresh();
  }, [refresh]);
  /** Spends the one-time link's token; the cookie it sets is the session from then on. */
  const signIn = useCallback(
    async (token: string) => {
      const signed = await post('/console/dev/api/signin', { token });
      setCsrfToken(signed.csrfToken);
      await refresh();
    },
    [refresh],
  );
  const signOut = useCallback(async () => {
    await post('/console/dev/api/logout').catch(() => undefined);
    setCsrfToken('');
    setDeveloper(null);
  }, []);
  return { developer, signIn, signOut, refresh };
}

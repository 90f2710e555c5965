import { useCallback, useEffect, useState } from 'react';
import { get, onSessionEnd, post, setCsrfToken } from '../api.ts';

export type OperatorRole = 'admin' | 'purchaser' | 'warehouse' | 'finance' | 'support';
export interface Operator {
  login: string;
  name: string;
  role: OperatorRole;
}

/** The signed-in operator: resumed from the cookie on load (me gives the CSRF token back), null when signed out. */
export function useOperatorSession() {
  const [operator, setOperator] = useState<Operator | null | undefined>(undefined);
  useEffect(() => {
    onSessionEnd(() => setOperator(null));
    get('/console/api/me').then(
      (me) => {
        setCsrfToken(me.csrfToken ?? '');
        setOperator(me.operator);
      },
      () => setOperator(null),
    );
  }, []);
  const signIn = useCallback(async (login: string, password: string) => {
    const signed = await post('/console/api/login', { login, password });
    setCsrfToken(signed.csrfToken);
    setOperator(signed.operator);
  }, []);
  const signOut = useCallback(async () => {
    await post('/console/api/logout').catch(() => undefined);
    setCsrfToken('');
    setOperator(null);
  }, []);
  return { operator, signIn, signOut };
}

import { useEffect, useRef } from 'react';
import { useT } from '../i18n/index.tsx';
import { href, navigate } from '../router.ts';
import { useAction } from '../ui/async.ts';
import { ErrorNotice } from '../ui/parts.tsx';
import { LanguagePicker } from '../ui/Shell.tsx';

/** The signed-out page; given a link's token it spends it once and opens the console. */
export function SignIn({ token, onSignIn }: { token: string | undefined; onSignIn(token: string): Promise<void> }) {
  const t = useT();
  const signIn = useAction(async (value: string) => {
    await onSignIn(value);
    navigate('keys');
  });
  // StrictMode runs effects twice in development: the token is spent once only.
  const tried = useRef('');
  useEffect(() => {
    if (token && tried.current !== token) {
      tried.current = token;
      void signIn.run(token);
    }
  }, [token, signIn]);
  return (
    <main className="login">
      <div className="card">
        <h1>{t('appDevelopers')}</h1>
        {token && signIn.busy ? <p className="muted">{t('devSigningIn')}</p> : null}
        <ErrorNotice error={signIn.error} />
        <p>{t('devSignedOut')}</p>
        <p>
          <a href={href('playground')}>{t('devOpenPlayground')}</a>
        </p>
        <LanguagePicker />
      </div>
    </main>
  );
}

import { type FormEvent, useState } from 'react';
import { useT } from '../i18n/index.tsx';
import { useAction } from '../ui/async.ts';
import { ErrorNotice, Field } from '../ui/parts.tsx';
import { LanguagePicker } from '../ui/Shell.tsx';

export function Login({ title, onSignIn }: { title: string; onSignIn(login: string, password: string): Promise<void> }) {
  const t = useT();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(onSignIn);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(login, password);
  };
  return (
    <main className="login">
      <form className="card" onSubmit={submit}>
        <h1>{title}</h1>
        <Field label={t('login')}>
          <input name="login" autoComplete="username" value={login} onChange={(event) => setLogin(event.target.value)} required />
        </Field>
        <Field label={t('password')}>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </Field>
        <ErrorNotice error={action.error} />
        <button type="submit" className="primary" disabled={action.busy}>
          {t('signIn')}
        </button>
        <LanguagePicker />
      </form>
    </main>
  );
}

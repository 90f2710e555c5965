import { useT } from '../i18n/index.tsx';
import { LanguagePicker } from '../ui/Shell.tsx';

/** The developer console; developers sign in with a one-time link an operator makes (docs/decisions/019). */
export function DeveloperApp() {
  const t = useT();
  return (
    <main className="login">
      <div className="card">
        <h1>{t('appDevelopers')}</h1>
        <p>{t('devSignedOut')}</p>
        <LanguagePicker />
      </div>
    </main>
  );
}

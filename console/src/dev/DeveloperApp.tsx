import { useT } from '../i18n/index.tsx';
import { href, useRoute } from '../router.ts';
import { Shell } from '../ui/Shell.tsx';
import { LanguagePicker } from '../ui/Shell.tsx';
import { Playground } from './Playground.tsx';

/** The developer console; developers sign in with a one-time link an operator makes (docs/decisions/019). */
export function DeveloperApp() {
  const t = useT();
  const route = useRoute();
  if (route[0] === 'playground') {
    return (
      <Shell title={t('appDevelopers')} nav={[{ id: 'playground', label: t('devPlayground') }]} current="playground">
        <Playground />
      </Shell>
    );
  }
  return (
    <main className="login">
      <div className="card">
        <h1>{t('appDevelopers')}</h1>
        <p>{t('devSignedOut')}</p>
        <p>
          <a href={href('playground')}>{t('devOpenPlayground')}</a>
        </p>
        <LanguagePicker />
      </div>
    </main>
  );
}

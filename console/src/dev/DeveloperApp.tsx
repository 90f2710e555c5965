import { useT } from '../i18n/index.tsx';
import { useRoute } from '../router.ts';
import { Shell } from '../ui/Shell.tsx';
import { Playground } from './Playground.tsx';
import { DEVELOPER_SCREENS } from './screens.tsx';
import { useDeveloperSession } from './session.ts';
import { SignIn } from './SignIn.tsx';

/** The developer console; developers sign in with a one-time link an operator makes (docs/decisions/019). */
export function DeveloperApp() {
  const t = useT();
  const route = useRoute();
  const { developer, signIn, signOut, refresh } = useDeveloperSession();
  if (developer === undefined) return <p className="muted">{t('loading')}</p>;
  if (route[0] === 'signin') return <SignIn token={route[1]} onSignIn={signIn} />;
  if (developer === null) {
    if (route[0] !== 'playground') return <SignIn token={undefined} onSignIn={signIn} />;
    // The playground signs with keys typed in, so it needs no session.
    return (
      <Shell title={t('appDevelopers')} nav={[{ id: 'playground', label: t('devPlayground') }]} current="playground">
        <Playground />
      </Shell>
    );
  }
  const screen = DEVELOPER_SCREENS.find((candidate) => candidate.id === route[0]) ?? DEVELOPER_SCREENS[0];
  return (
    <Shell
      title={t('appDevelopers')}
      nav={DEVELOPER_SCREENS.map((item) => ({ id: item.id, label: t(item.label) }))}
      current={screen?.id ?? ''}
      who={t('devSignedInAs', { name: developer.name, userId: developer.userId })}
      onSignOut={() => void signOut()}
    >
      {screen ? <screen.Component route={route.slice(1)} developer={developer} refresh={() => void refresh()} /> : null}
    </Shell>
  );
}

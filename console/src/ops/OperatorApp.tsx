import { useT } from '../i18n/index.tsx';
import { useRoute } from '../router.ts';
import { Shell } from '../ui/Shell.tsx';
import { Login } from './Login.tsx';
import { OPERATOR_SCREENS } from './screens.tsx';
import { useOperatorSession } from './session.ts';

export function OperatorApp() {
  const t = useT();
  const route = useRoute();
  const { operator, signIn, signOut } = useOperatorSession();
  if (operator === undefined) return <p className="muted">{t('loading')}</p>;
  if (operator === null) return <Login title={t('appOperators')} onSignIn={signIn} />;
  // The menu shows what the role may do; the server checks the role on every call whatever the menu shows.
  const screens = OPERATOR_SCREENS.filter((screen) => screen.roles.includes(operator.role));
  const screen = screens.find((candidate) => candidate.id === route[0]) ?? screens[0];
  return (
    <Shell
      title={t('appOperators')}
      nav={screens.map((item) => ({ id: item.id, label: t(item.label) }))}
      current={screen?.id ?? ''}
      who={t('signedInAs', { name: operator.name, role: operator.role })}
      onSignOut={() => void signOut()}
    >
      {screen ? <screen.Component route={route.slice(1)} operator={operator} /> : null}
    </Shell>
  );
}

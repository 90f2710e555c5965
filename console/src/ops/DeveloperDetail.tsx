import { type FormEvent, useState } from 'react';
import { type DataOf, get, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { href } from '../router.ts';
import { useAction, useLoad } from '../ui/async.ts';
import { ErrorNotice, Facts, Field, Money, Section } from '../ui/parts.tsx';
import { OnceSecret } from './Secret.tsx';

type Detail = DataOf<'/admin/developers/detail'>;
const SUB_ACCOUNT_ROLES = ['viewer', 'buyer', 'finance', 'admin'] as const;

function Keys({ detail, isAdmin, changed }: { detail: Detail; isAdmin: boolean; changed(): void }) {
  const t = useT();
  const developerId = detail.developer.developerId;
  const hmac = useAction(async (required: boolean) => {
    await post('/admin/developers/require-hmac', { developerId, required });
    changed();
  });
  return (
    <Section title={t('developersKeys')}>
      <ul>
        {detail.keys.map((key) => (
          <li key={key.accessKey}>
            <code>{key.accessKey}</code> · {t('created')} {formatTime(key.createdAt)} · {t('developersRotatedAt')}{' '}
            {formatTime(key.rotatedAt)} · {t('developersPreviousValidUntil')} {formatTime(key.previousValidUntil)}
          </li>
        ))}
      </ul>
      <label>
        <input
          type="checkbox"
          checked={detail.developer.requireHmac}
          disabled={!isAdmin || hmac.busy}
          onChange={(event) => void hmac.run(event.target.checked)}
        />{' '}
        {t('developersRequireHmac')}
      </label>
      <ErrorNotice error={hmac.error} />
      {isAdmin ? <RotateKey developerId={developerId} changed={changed} /> : null}
    </Section>
  );
}

/** A new secret, shown once; the previous one keeps working for the grace period. */
function RotateKey({ developerId, changed }: { developerId: string; changed(): void }) {
  const t = useT();
  const [grace, setGrace] = useState('86400');
  const [secret, setSecret] = useState<string | null>(null);
  const rotate = useAction(async () => {
    setSecret((await post('/admin/developers/keys/rotate', { developerId, graceSeconds: Number(grace) })).secretKey);
    changed();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void rotate.run();
  };
  return (
    <>
      <form className="inline" onSubmit={submit}>
        <Field label={t('developersGrace')}>
          <input
            name="grace"
            type="number"
            min="0"
            max="604800"
            value={grace}
            onChange={(event) => setGrace(event.target.value)}
            required
          />
        </Field>
        <button type="submit" disabled={rotate.busy}>
          {t('developersRotate')}
        </button>
      </form>
      <ErrorNotice error={rotate.error} />
      {secret ? <OnceSecret label={t('developersSecret')} value={secret} /> : null}
    </>
  );
}

function SubAccounts({ detail, isAdmin, changed }: { detail: Detail; isAdmin: boolean; changed(): void }) {
  const t = useT();
  const [role, setRole] = useState<(typeof SUB_ACCOUNT_ROLES)[number]>('viewer');
  const create = useAction(async () => {
    await post('/admin/developers/subaccounts/create', { developerId: detail.developer.developerId, role });
    changed();
  });
  return (
    <Section title={t('developersSubAccounts')}>
      <ul>
        {detail.subAccounts.map((sub) => (
          <li key={sub.userId}>
            {sub.userId} · {sub.role} · {formatTime(sub.createdAt)}
          </li>
        ))}
      </ul>
      {isAdmin ? (
        <div className="inline">
          <Field label={t('developersRole')}>
            <select name="role" value={role} onChange={(event) => setRole(event.target.value as typeof role)}>
              {SUB_ACCOUNT_ROLES.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </Field>
          <button type="button" disabled={create.busy} onClick={() => void create.run()}>
            {t('developersCreateSub')}
          </button>
        </div>
      ) : null}
      <ErrorNotice error={create.error} />
    </Section>
  );
}

/** The effective limit; an admin gives the developer its own or hands it back the deployment's. */
function RateLimit({ detail, isAdmin, changed }: { detail: Detail; isAdmin: boolean; changed(): void }) {
  const t = useT();
  const developerId = detail.developer.developerId;
  const [perSecond, setPerSecond] = useState(String(detail.rateLimit.perSecond));
  const [burst, setBurst] = useState(String(detail.rateLimit.burst));
  const save = useAction(async (limit: { perSecond: number; burst: number } | null) => {
    await post('/admin/developers/rate-limit', { developerId, limit });
    changed();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run({ perSecond: Number(perSecond), burst: Number(burst) });
  };
  return (
    <Section title={t('developersRateLimit')}>
      <p>{t(detail.rateLimit.custom ? 'developersCustom' : 'developersDefault')}</p>
      <Facts
        rows={[
          [t('developersPerSecond'), detail.rateLimit.perSecond],
          [t('developersBurst'), detail.rateLimit.burst],
        ]}
      />
      {isAdmin ? (
        <form className="inline" onSubmit={submit}>
          <Field label={t('developersPerSecond')}>
            <input
              name="perSecond"
              type="number"
              min="1"
              max="10000"
              value={perSecond}
              onChange={(e) => setPerSecond(e.target.value)}
              required
            />
          </Field>
          <Field label={t('developersBurst')}>
            <input name="burst" type="number" min="1" max="100000" value={burst} onChange={(e) => setBurst(e.target.value)} required />
          </Field>
          <button type="submit" disabled={save.busy}>
            {t('developersSetLimit')}
          </button>
          {detail.rateLimit.custom ? (
            <button type="button" disabled={save.busy} onClick={() => void save.run(null)}>
              {t('developersClearLimit')}
            </button>
          ) : null}
        </form>
      ) : null}
      {isAdmin ? <p className="muted">{t('developersLimitBounds')}</p> : null}
      <ErrorNotice error={save.error} />
    </Section>
  );
}

function SigninLink({ developerId }: { developerId: string }) {
  const t = useT();
  const [link, setLink] = useState<{ url: string; expiresAt: number } | null>(null);
  const make = useAction(async () => setLink(await post('/admin/developers/signin-link', { developerId })));
  return (
    <Section title={t('developersSigninLink')}>
      <button type="button" disabled={make.busy} onClick={() => void make.run()}>
        {t('developersSigninLinkMake')}
      </button>
      <ErrorNotice error={make.error} />
      {link ? (
        <>
          <OnceSecret label={t('developersSigninLink')} value={link.url} />
          <p className="muted">{t('developersSigninExpires', { at: formatTime(link.expiresAt) })}</p>
        </>
      ) : null}
    </Section>
  );
}

/** One developer: its keys, sub-accounts, limits and callbacks; the actions are the admin's. */
export function DeveloperDetail({ developerId, isAdmin, mayLink }: { developerId: string; isAdmin: boolean; mayLink: boolean }) {
  const t = useT();
  const loaded = useLoad(() => get('/admin/developers/detail', { developerId }), [developerId]);
  const toggle = useAction(async (disabled: boolean) => {
    await post('/admin/developers/disable', { developerId, disabled });
    loaded.reload();
  });
  const detail = loaded.data;
  return (
    <>
      <p>
        <a href={href('developers')}>{t('developersBack')}</a>
      </p>
      <ErrorNotice error={loaded.error} />
      {detail ? (
        <>
          <Section
            title={`${detail.developer.developerId} · ${detail.developer.name}`}
            actions={
              isAdmin ? (
                <button type="button" disabled={toggle.busy} onClick={() => void toggle.run(!detail.developer.disabled)}>
                  {t(detail.developer.disabled ? 'developersEnable' : 'developersDisable')}
                </button>
              ) : null
            }
          >
            <ErrorNotice error={toggle.error} />
            <Facts
              rows={[
                [t('developersStatus'), t(detail.developer.disabled ? 'developersDisabled' : 'developersActive')],
                [t('developersBalance'), <Money key="balance" fen={detail.developer.balanceFen} />],
                [t('developersCallbackUrl'), detail.callback.url ?? '—'],
                [t('developersPending'), detail.callback.pending],
                [t('developersDelivered24h'), detail.callback.delivered24h],
                [t('developersFailed24h'), detail.callback.failed24h],
                [t('developersLastFailure'), formatTime(detail.callback.lastFailureAt)],
                [t('developersLastError'), detail.callback.lastError ?? '—'],
              ]}
            />
          </Section>
          <Keys detail={detail} isAdmin={isAdmin} changed={loaded.reload} />
          <SubAccounts detail={detail} isAdmin={isAdmin} changed={loaded.reload} />
          <RateLimit
            key={`${detail.rateLimit.perSecond}/${detail.rateLimit.burst}`}
            detail={detail}
            isAdmin={isAdmin}
            changed={loaded.reload}
          />
          {mayLink ? <SigninLink developerId={developerId} /> : null}
        </>
      ) : null}
    </>
  );
}

import { type FormEvent, useState } from 'react';
import { type DataOf, get, post } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { formatTime } from '../money.ts';
import { href } from '../router.ts';
import { useAction } from '../ui/async.ts';
import { PagedTable } from '../ui/PagedTable.tsx';
import { ErrorNotice, Field, Money, Section } from '../ui/parts.tsx';
import { DeveloperDetail } from './DeveloperDetail.tsx';
import type { ScreenProps } from './screens.tsx';
import { OnceSecret } from './Secret.tsx';

type Row = DataOf<'/admin/developers'>['rows'][number];
type Created = DataOf<'/admin/developers/create', 'post'>;

function CreateDeveloper({ onCreated }: { onCreated(): void }) {
  const t = useT();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<Created | null>(null);
  const create = useAction(async () => {
    setCreated(await post('/admin/developers/create', { name }));
    setName('');
    onCreated();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };
  return (
    <Section title={t('developersCreate')}>
      <form className="inline" onSubmit={submit}>
        <Field label={t('developersName')}>
          <input name="name" value={name} maxLength={64} onChange={(event) => setName(event.target.value)} required />
        </Field>
        <button type="submit" className="primary" disabled={create.busy}>
          {t('developersCreate')}
        </button>
      </form>
      <ErrorNotice error={create.error} />
      {created ? (
        <>
          <p>
            <a href={href('developers', created.developerId)}>
              {created.developerId} · {created.name}
            </a>{' '}
            · {t('developersAccessKey')}: <code>{created.accessKey}</code>
          </p>
          <OnceSecret label={t('developersSecret')} value={created.secretKey} />
        </>
      ) : null}
    </Section>
  );
}

function DeveloperList({ isAdmin }: { isAdmin: boolean }) {
  const t = useT();
  const [q, setQ] = useState('');
  const [disabled, setDisabled] = useState('');
  const [refresh, setRefresh] = useState(0);
  return (
    <>
      {isAdmin ? <CreateDeveloper onCreated={() => setRefresh((n) => n + 1)} /> : null}
      <Section title={t('developersList')}>
        <div className="inline">
          <Field label={t('developersSearch')}>
            <input name="q" type="search" value={q} onChange={(event) => setQ(event.target.value)} />
          </Field>
          <Field label={t('developersStatus')}>
            <select name="disabled" value={disabled} onChange={(event) => setDisabled(event.target.value)}>
              <option value="">{t('all')}</option>
              <option value="false">{t('developersActive')}</option>
              <option value="true">{t('developersDisabled')}</option>
            </select>
          </Field>
        </div>
        <PagedTable<Row>
          label={t('developersList')}
          filters={[q, disabled]}
          refresh={refresh}
          rowKey={(row) => row.developerId}
          load={(request) =>
            get('/admin/developers', {
              ...request,
              sort: request.sort as 'createdAt' | 'name' | undefined,
              ...(q ? { q } : {}),
              ...(disabled ? { disabled: disabled as 'true' | 'false' } : {}),
            })
          }
          columns={[
            { key: 'id', label: t('developersId'), render: (row) => <a href={href('developers', row.developerId)}>{row.developerId}</a> },
            { key: 'name', label: t('developersName'), sort: 'name', render: (row) => row.name },
            { key: 'state', label: t('developersStatus'), render: (row) => t(row.disabled ? 'developersDisabled' : 'developersActive') },
            { key: 'balance', label: t('developersBalance'), render: (row) => <Money fen={row.balanceFen} /> },
            { key: 'key', label: t('developersAccessKey'), render: (row) => <code>{row.accessKey}</code> },
            { key: 'subs', label: t('developersSubAccounts'), render: (row) => row.subAccountCount },
            { key: 'created', label: t('created'), sort: 'createdAt', render: (row) => formatTime(row.createdAt) },
          ]}
        />
      </Section>
    </>
  );
}

/** Developers: `#/developers` lists them, `#/developers/<id>` opens one; only admins change anything. */
export function Developers({ route, operator }: ScreenProps) {
  const isAdmin = operator.role === 'admin';
  return route[0] ? (
    <DeveloperDetail developerId={route[0]} isAdmin={isAdmin} mayLink={isAdmin || operator.role === 'support'} />
  ) : (
    <DeveloperList isAdmin={isAdmin} />
  );
}

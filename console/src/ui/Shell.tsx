import { type ReactNode, useState } from 'react';
import { LANGUAGE_NAMES, LANGUAGES, type Language, useLanguage } from '../i18n/index.tsx';
import { href } from '../router.ts';

export interface NavItem {
  id: string;
  label: string;
}

interface Props {
  title: string;
  nav: NavItem[];
  current: string;
  who?: string;
  onSignOut?: () => void;
  children: ReactNode;
}

export function LanguagePicker() {
  const { language, setLanguage, t } = useLanguage();
  return (
    <label className="language">
      <span>{t('language')}</span>
      <select value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
        {LANGUAGES.map((code) => (
          <option key={code} value={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The frame of every screen: the menu (a drawer at phone width), the language, who is signed in. */
export function Shell({ title, nav, current, who, onSignOut, children }: Props) {
  const { t } = useLanguage();
  const [open, setOpen] = useState(false);
  return (
    <div className="shell">
      <header className="topbar">
        <button type="button" className="menu-toggle" aria-expanded={open} aria-controls="nav" onClick={() => setOpen(!open)}>
          {t('menu')}
        </button>
        <h1>{title}</h1>
        <div className="topbar-end">
          {who ? <span className="muted">{who}</span> : null}
          <LanguagePicker />
          {onSignOut ? (
            <button type="button" onClick={onSignOut}>
              {t('signOut')}
            </button>
          ) : null}
        </div>
      </header>
      <nav id="nav" className={open ? 'nav open' : 'nav'} aria-label={t('menu')}>
        <ul>
          {nav.map((item) => (
            <li key={item.id}>
              <a href={href(item.id)} aria-current={item.id === current ? 'page' : undefined} onClick={() => setOpen(false)}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}

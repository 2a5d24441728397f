import { useTranslation } from 'react-i18next';
import { switchLanguage } from '../i18n/index.js';
import { languages } from '../i18n/options.js';

/** Vietnamese / English; the choice is remembered in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {languages.map((language) => (
        <button
          key={language}
          type="button"
          className="button button--small button--ghost"
          lang={language}
          aria-pressed={i18n.language === language}
          onClick={() => {
            void switchLanguage(language);
          }}
        >
          {t(`language.names.${language}`)}
        </button>
      ))}
    </div>
  );
}

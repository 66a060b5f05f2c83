import polyglotI18nProvider from 'ra-i18n-polyglot';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';

export const DEFAULT_LOCALE = 'zh-CN';

/** Message keys look like `tongpai.errors.access_denied`; the API's problem messages arrive already translated. */
const looksLikeKey = (text: string) => /^[a-z][\w-]*(\.[\w-]+)+$/i.test(text);

export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'en' ? en : zhCN),
  DEFAULT_LOCALE,
  [
    { locale: 'zh-CN', name: '简体中文' },
    { locale: 'en', name: 'English' },
  ],
  {
    onMissingKey: (text: string) => {
      if (looksLikeKey(text)) console.warn(`Missing translation for key: "${text}"`);
      return text;
    },
  },
);

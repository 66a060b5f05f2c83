import { localStorageStore } from 'ra-core';
import { DEFAULT_LOCALE } from './i18nProvider';

/** react-admin's preferences (language, list filters...), kept in the browser under the app's own key. */
export const consoleStore = localStorageStore(undefined, 'Tongpai');

/** The language the user last chose, also used for Keycloak's login page before the console is loaded. */
export const storedLocale = (): string => consoleStore.getItem<string>('locale') ?? DEFAULT_LOCALE;

import { i18nProvider } from './i18nProvider';

describe('i18nProvider', () => {
  afterEach(() => i18nProvider.changeLocale('zh-CN'));

  it('speaks Chinese by default and English on request', async () => {
    expect(i18nProvider.getLocale()).toBe('zh-CN');
    expect(i18nProvider.translate('tongpai.status.issued')).toBe('已签发');
    await i18nProvider.changeLocale('en');
    expect(i18nProvider.translate('tongpai.status.issued')).toBe('Issued');
    expect(i18nProvider.getLocales?.().map((l) => l.locale)).toEqual(['zh-CN', 'en']);
  });

  it("shows the API's already translated messages as they are, and warns only about missing keys", () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(i18nProvider.translate('照片文件过大')).toBe('照片文件过大');
    expect(i18nProvider.translate('The photo file is too large')).toBe('The photo file is too large');
    expect(warn).not.toHaveBeenCalled();
    expect(i18nProvider.translate('tongpai.no_such_key')).toBe('tongpai.no_such_key');
    expect(warn).toHaveBeenCalledWith('Missing translation for key: "tongpai.no_such_key"');
    warn.mockRestore();
  });
});

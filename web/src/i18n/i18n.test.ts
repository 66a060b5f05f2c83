import { en } from './en';
import { zhCN } from './zh-CN';

type Messages = { [key: string]: string | Messages };

function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') entries.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) entries.set(k, v);
  }
  return entries;
}

const placeholders = (message: string) => [...message.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('console messages', () => {
  const english = flatten(en as Messages);
  const chinese = flatten(zhCN as Messages);

  it('has every English key in zh-CN', () => {
    expect([...english.keys()].filter((key) => !chinese.has(key))).toEqual([]);
  });

  it('has every zh-CN key in English', () => {
    expect([...chinese.keys()].filter((key) => !english.has(key))).toEqual([]);
  });

  // react-admin's own messages include deliberate blanks (ra.boolean.null), so these checks cover Tongpai's.
  const ours = [...english.keys()].filter(
    (key) => key.startsWith('tongpai.') || key.startsWith('resources.'),
  );

  it('has no empty Tongpai message', () => {
    expect(ours.filter((key) => !english.get(key)!.trim() || !chinese.get(key)?.trim())).toEqual([]);
  });

  it('uses the same placeholders in both languages for Tongpai messages', () => {
    const mismatched = ours.filter(
      (key) => placeholders(english.get(key)!).join() !== placeholders(chinese.get(key)!).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('covers react-admin 5 messages the Chinese base lacks', () => {
    expect(chinese.get('ra.page.access_denied')).toBe('拒绝访问');
    expect(chinese.get('ra.action.select_all_button')).toBe('全选');
  });
});

import { useNotify, useRefresh } from 'react-admin';

/** Runs one upstream step: notifies success or the problem's message (console language), then refreshes. */
export function useUpstreamStep() {
  const notify = useNotify();
  const refresh = useRefresh();
  return async (action: () => Promise<unknown>, success: string): Promise<boolean> => {
    try {
      await action();
      notify(success, { type: 'success' });
      return true;
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
      return false;
    } finally {
      refresh();
    }
  };
}

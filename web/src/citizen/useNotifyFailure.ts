import { useNotify } from 'react-admin';

/** Tells the person that a step failed, and why (the API's message in their language). */
export function useNotifyFailure(): (error: unknown) => void {
  const notify = useNotify();
  return (error) => {
    const reason = error instanceof Error ? error.message : String(error);
    notify('tongpai.citizen.failed', { type: 'error', messageArgs: { reason } });
  };
}

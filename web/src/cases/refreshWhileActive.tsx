/**
 * While a case is in an active status (domain/lifecycle.ts: the workflow is working on it) its status changes
 * on the server: poll until it settles. A case page also polls, more slowly, while the case waits for a
 * person, who may be someone else (a reviewer's decision reaches the operator's page within seconds).
 * (Server-sent updates can replace this once the API pushes them.)
 */
import { useEffect } from 'react';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import SyncIcon from '@mui/icons-material/Sync';
import { useListContext, useShowContext, useTranslate } from 'react-admin';
import type { CaseSummary } from '../../../domain/cases';
import { statusTraits } from '../../../domain/lifecycle';

export const REFRESH_INTERVAL_MS = 3000;
export const WAITING_REFRESH_INTERVAL_MS = 5000;

/** Polls while any case is active (or, with `alsoWhileWaiting`, waits for a person); true while active. */
export function useRefreshWhileActive(
  cases: readonly Pick<CaseSummary, 'status'>[],
  refetch: () => unknown,
  { alsoWhileWaiting = false } = {},
): boolean {
  const active = cases.some((c) => statusTraits[c.status].active);
  const waiting = alsoWhileWaiting && cases.some((c) => statusTraits[c.status].waitingForPerson);
  const interval = active ? REFRESH_INTERVAL_MS : waiting ? WAITING_REFRESH_INTERVAL_MS : undefined;
  useEffect(() => {
    if (!interval) return;
    const timer = setInterval(() => void refetch(), interval);
    return () => clearInterval(timer);
  }, [interval, refetch]);
  return active;
}

const RefreshingNote = () => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', px: 2, py: 1, color: 'text.secondary' }}>
      <SyncIcon fontSize="small" />
      <Typography variant="body2">{translate('tongpai.case.refreshing')}</Typography>
    </Stack>
  );
};

export const ListRefreshWhileActive = () => {
  const { data, refetch } = useListContext<CaseSummary>();
  return useRefreshWhileActive(data ?? [], refetch) ? <RefreshingNote /> : null;
};

export const ShowRefreshWhileActive = () => {
  const { record, refetch } = useShowContext<CaseSummary>();
  return useRefreshWhileActive(record ? [record] : [], refetch, { alsoWhileWaiting: true }) ? (
    <RefreshingNote />
  ) : null;
};

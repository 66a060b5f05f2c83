/**
 * While a case is in an active status (domain/lifecycle.ts: the workflow is working on it) its status changes
 * on the server: poll until it settles. (Server-sent updates can replace this once the API pushes them.)
 */
import { useEffect } from 'react';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import SyncIcon from '@mui/icons-material/Sync';
import { useListContext, useShowContext, useTranslate } from 'react-admin';
import type { CaseSummary } from '../../../domain/cases';
import { statusTraits } from '../../../domain/lifecycle';

export const REFRESH_INTERVAL_MS = 3000;

export function useRefreshWhileActive(
  cases: readonly Pick<CaseSummary, 'status'>[],
  refetch: () => unknown,
): boolean {
  const active = cases.some((c) => statusTraits[c.status].active);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void refetch(), REFRESH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [active, refetch]);
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
  return useRefreshWhileActive(record ? [record] : [], refetch) ? <RefreshingNote /> : null;
};

import Alert from '@mui/material/Alert';
import LinearProgress from '@mui/material/LinearProgress';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';
import type { Loaded } from '../providers/useLoaded';

/** A loaded thing's content, or its progress bar, or why it failed. */
export function WhenLoaded<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  const translate = useTranslate();
  if (loaded.status === 'loading') return <LinearProgress />;
  if (loaded.status === 'failed')
    return <Alert severity="warning">{translate(loaded.reason, { _: loaded.reason })}</Alert>;
  return <>{children(loaded.data)}</>;
}

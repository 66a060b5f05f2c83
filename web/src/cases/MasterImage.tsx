import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import CircularProgress from '@mui/material/CircularProgress';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import type { TongpaiDataProvider } from '../providers/dataProvider';

type MasterState =
  { status: 'loading' } | { status: 'loaded'; url: string } | { status: 'failed'; reason: string };

/** The master image needs the bearer token, so it is fetched as bytes and shown through an object URL. */
export const MasterImage = () => {
  const record = useRecordContext<CaseDetail>();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const translate = useTranslate();
  const [state, setState] = useState<MasterState>({ status: 'loading' });
  const caseId = record?.id;
  const sha256 = record?.master.sha256;

  useEffect(() => {
    if (!caseId) return;
    let url: string | undefined;
    let cancelled = false;
    setState({ status: 'loading' });
    dataProvider.getMasterImage(caseId).then(
      (blob) => {
        if (cancelled) return;
        url = URL.createObjectURL(blob);
        setState({ status: 'loaded', url });
      },
      (error: unknown) => {
        if (!cancelled)
          setState({ status: 'failed', reason: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [dataProvider, caseId, sha256]);

  if (state.status === 'loading') return <CircularProgress size={32} />;
  if (state.status === 'failed') {
    const reason = translate(state.reason, { _: state.reason });
    return <Alert severity="warning">{translate('tongpai.case.master_unavailable', { reason })}</Alert>;
  }
  return (
    <img
      src={state.url}
      alt={translate('tongpai.case.master_alt')}
      style={{ display: 'block', maxWidth: '100%', maxHeight: 560, objectFit: 'contain' }}
    />
  );
};

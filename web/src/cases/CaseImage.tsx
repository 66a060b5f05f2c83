import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import CircularProgress from '@mui/material/CircularProgress';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import type { CaseImagePart, TongpaiDataProvider } from '../providers/dataProvider';

type ImageState =
  { status: 'loading' } | { status: 'loaded'; url: string } | { status: 'failed'; reason: string };

interface CaseImageProps {
  part: CaseImagePart;
  /** What identifies the bytes (e.g. their sha256): the image is fetched again only when it changes. */
  version: string;
  alt: string;
  maxHeight?: number;
}

/** Case images need the bearer token, so they are fetched as bytes and shown through an object URL. */
export const CaseImage = ({ part, version, alt, maxHeight = 560 }: CaseImageProps) => {
  const record = useRecordContext<CaseDetail>();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const translate = useTranslate();
  const [state, setState] = useState<ImageState>({ status: 'loading' });
  const caseId = record?.id;

  useEffect(() => {
    if (!caseId) return;
    let url: string | undefined;
    let cancelled = false;
    setState({ status: 'loading' });
    dataProvider.getCaseImage(caseId, part).then(
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
  }, [dataProvider, caseId, part, version]);

  if (state.status === 'loading') return <CircularProgress size={32} />;
  if (state.status === 'failed') {
    const reason = translate(state.reason, { _: state.reason });
    return <Alert severity="warning">{translate('tongpai.case.image_unavailable', { reason })}</Alert>;
  }
  return (
    <img
      src={state.url}
      alt={alt}
      style={{ display: 'block', maxWidth: '100%', maxHeight, objectFit: 'contain' }}
    />
  );
};

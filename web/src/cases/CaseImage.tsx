import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import CircularProgress from '@mui/material/CircularProgress';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import type { CaseImagePart, TongpaiDataProvider } from '../providers/dataProvider';

type ImageState =
  { status: 'loading' } | { status: 'loaded'; url: string } | { status: 'failed'; reason: string };

interface TokenImageProps {
  /** Fetches the bytes through the data provider (which sends the bearer token). */
  load: (dataProvider: TongpaiDataProvider) => Promise<Blob>;
  /** What identifies the bytes (e.g. their sha256): the image is fetched again only when it changes. */
  version: string;
  alt: string;
  maxHeight?: number;
}

/** API images need the bearer token, so they are fetched as bytes and shown through an object URL. */
export const TokenImage = ({ load, version, alt, maxHeight = 560 }: TokenImageProps) => {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const translate = useTranslate();
  const [state, setState] = useState<ImageState>({ status: 'loading' });

  useEffect(() => {
    let url: string | undefined;
    let cancelled = false;
    setState({ status: 'loading' });
    load(dataProvider).then(
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
    // `load` is made anew at each render; `version` says which bytes it loads.
  }, [dataProvider, version]);

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

interface CaseImageProps {
  part: CaseImagePart;
  /** What identifies the bytes (e.g. their sha256): the image is fetched again only when it changes. */
  version: string;
  alt: string;
  maxHeight?: number;
}

/** An image of the case in the record context. */
export const CaseImage = ({ part, version, ...image }: CaseImageProps) => {
  const caseId = useRecordContext<CaseDetail>()?.id;
  if (!caseId) return <CircularProgress size={32} />;
  return (
    <TokenImage
      load={(dataProvider) => dataProvider.getCaseImage(caseId, part)}
      version={`${caseId}/${part}/${version}`}
      {...image}
    />
  );
};

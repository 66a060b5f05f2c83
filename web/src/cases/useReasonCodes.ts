import { useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { ReasonCode } from '../../../domain/rules';
import type { TongpaiDataProvider } from '../providers/dataProvider';

/** The region's reason codes for rejections and retake requests (empty until loaded). */
export function useReasonCodes(): ReasonCode[] {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const [codes, setCodes] = useState<ReasonCode[]>([]);
  useEffect(() => {
    let cancelled = false;
    dataProvider.getReasonCodes().then(
      (loaded) => !cancelled && setCodes(loaded),
      // Without them a code is shown as it is stored; nothing else depends on them.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [dataProvider]);
  return codes;
}

import Button from '@mui/material/Button';
import ButtonGroup from '@mui/material/ButtonGroup';
import { useState } from 'react';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import { sheetSizes, type SheetSize, type TongpaiDataProvider } from '../providers/dataProvider';
import { saveBlob } from '../providers/saveBlob';

/**
 * Downloads a print sheet (PDF of the exact size) of one standard photo; the server audits each one. `load`
 * fetches it (default: the case's sheet, for staff; a citizen's page fetches their own photo's).
 */
export const PrintSheetButtons = ({
  caseId,
  profileId,
  load = (dataProvider, size) => dataProvider.getPrintSheet(caseId, profileId, size),
}: {
  caseId: string;
  profileId: string;
  load?: (dataProvider: TongpaiDataProvider, size: SheetSize) => Promise<Blob>;
}) => {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const [busy, setBusy] = useState<SheetSize | undefined>();

  const download = async (size: SheetSize) => {
    setBusy(size);
    try {
      saveBlob(await load(dataProvider, size), `${caseId}-${profileId}-${size}.pdf`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      notify('tongpai.case.sheet_failed', { type: 'error', messageArgs: { reason } });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <ButtonGroup size="small" variant="outlined" aria-label={translate('tongpai.case.print_sheet')}>
      {sheetSizes.map((size) => (
        <Button key={size} disabled={busy !== undefined} onClick={() => void download(size)}>
          {translate(`tongpai.sheet.${size}`)}
        </Button>
      ))}
    </ButtonGroup>
  );
};

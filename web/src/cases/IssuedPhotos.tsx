/** The certified photos of an issued case, each with its signed certificate to download. */
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import VerifiedIcon from '@mui/icons-material/Verified';
import DownloadIcon from '@mui/icons-material/Download';
import { useDataProvider, useLocaleState, useNotify, useRecordContext, useTranslate } from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import type { IssuedPhoto } from '../../../db/issued-photos';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { useBilingual } from './useBilingual';
import { saveBlob } from '../providers/saveBlob';
import { useCaseData } from './useCaseData';

const loadIssued = (dataProvider: TongpaiDataProvider, caseId: string) =>
  dataProvider.getIssuedPhotos(caseId);

const CertificateButton = ({ photo }: { photo: IssuedPhoto }) => {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      saveBlob(
        await dataProvider.getCertificate(photo.caseId, photo.profileId),
        `${photo.caseId}-${photo.profileId}.certificate.json`,
      );
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      size="small"
      variant="outlined"
      startIcon={<DownloadIcon />}
      disabled={busy}
      onClick={() => void download()}
    >
      {translate('tongpai.issued.certificate')}
    </Button>
  );
};

export const IssuedPhotos = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  const text = useBilingual();
  const [locale] = useLocaleState();
  const issued = useCaseData(record?.id, record?.updatedAt, loadIssued);
  if (!record) return null;
  if (issued.status === 'loading') return <LinearProgress sx={{ mx: 2 }} />;
  if (issued.status === 'failed')
    return <Alert severity="warning">{translate(issued.reason, { _: issued.reason })}</Alert>;
  const nameOf = (profileId: string) => {
    const photo = record.photos.find((p) => p.profileId === profileId);
    return photo ? text(photo.name) : profileId;
  };
  return (
    <Box sx={{ px: 2 }}>
      <Table size="small" aria-label={translate('resources.cases.sections.issued')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('tongpai.issued.profile')}</TableCell>
            <TableCell>{translate('tongpai.issued.state')}</TableCell>
            <TableCell>{translate('tongpai.issued.issued_at')}</TableCell>
            <TableCell>{translate('tongpai.issued.key')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {issued.data.map((photo) => (
            <TableRow key={photo.profileId} data-testid={`issued-${photo.profileId}`}>
              <TableCell>{nameOf(photo.profileId)}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  icon={photo.state === 'issued' ? <VerifiedIcon /> : undefined}
                  color={
                    photo.state === 'issued' ? 'success' : photo.state === 'revoked' ? 'error' : 'default'
                  }
                  label={translate(`tongpai.status.${photo.state}`)}
                />
              </TableCell>
              <TableCell>{new Date(photo.issuedAt).toLocaleString(locale, { hour12: false })}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>{photo.certificate.keyId}</TableCell>
              <TableCell align="right">
                <CertificateButton photo={photo} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

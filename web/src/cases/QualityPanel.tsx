import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate } from 'react-admin';
import type { CaseDetail, CasePhoto } from '../../../domain/cases';
import { CaseImage } from './CaseImage';
import { PrintSheetButtons } from './PrintSheetButtons';
import { useBilingual } from './useBilingual';
import { VerdictField } from './VerdictField';

/** Why the master is not a clean pass: each failing check with what to do about it. */
export const FailingChecks = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  const text = useBilingual();
  if (!record) return null;
  return (
    <Box sx={{ px: 2 }}>
      <VerdictField source="verdict" />
      {record.failingChecks.length === 0 ? (
        <Typography variant="body2" sx={{ mt: 1 }}>
          {translate('tongpai.case.all_checks_pass')}
        </Typography>
      ) : (
        <List dense aria-label={translate('resources.cases.fields.failingChecks')}>
          {record.failingChecks.map((check) => (
            <ListItem key={`${check.profile}:${check.id}`} disableGutters>
              <ListItemText
                primary={text(check.message)}
                secondary={`${text(check.profileName)} · ${check.id}${check.severity ? ` · ${translate(`tongpai.verdict.${check.severity}`, { _: check.severity })}` : ''}`}
              />
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
};

const PhotoCard = ({ caseId, photo }: { caseId: string; photo: CasePhoto }) => {
  const translate = useTranslate();
  const text = useBilingual();
  return (
    <Card variant="outlined" data-testid={`photo-${photo.profileId}`}>
      <Box sx={{ p: 1, display: 'flex', justifyContent: 'center', bgcolor: 'grey.100' }}>
        <CaseImage
          part={`photos/${photo.profileId}`}
          version={photo.sha256}
          alt={text(photo.name)}
          maxHeight={220}
        />
      </Box>
      <CardContent sx={{ py: 1 }}>
        <Typography variant="subtitle2">{text(photo.name)}</Typography>
        <Typography variant="caption" component="div">
          {translate('tongpai.case.photo_size', {
            width: photo.width,
            height: photo.height,
            dpi: photo.dpi,
            kb: (photo.bytes / 1024).toFixed(1),
          })}
        </Typography>
        {photo.usable ? (
          <Box sx={{ mt: 1 }}>
            <Typography variant="caption" component="div">
              {translate('tongpai.case.print_sheet')}
            </Typography>
            <PrintSheetButtons caseId={caseId} profileId={photo.profileId} />
          </Box>
        ) : (
          <Chip size="small" color="error" label={translate('tongpai.case.not_usable')} sx={{ mt: 0.5 }} />
        )}
      </CardContent>
    </Card>
  );
};

/** Every standard photo rendered from the master. */
export const StandardPhotos = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  if (!record) return null;
  if (record.photos.length === 0)
    return <Alert severity="warning">{translate('tongpai.case.no_photos')}</Alert>;
  return (
    <Box
      sx={{ px: 2, display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))' }}
    >
      {record.photos.map((photo) => (
        <PhotoCard key={photo.profileId} caseId={record.id} photo={photo} />
      ))}
    </Box>
  );
};

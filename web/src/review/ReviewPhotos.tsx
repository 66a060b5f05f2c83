/**
 * The master beside every standard photo rendered from it. The guide lines (face box, landmarks, each
 * profile's crop) are drawn on the preview image: the switch shows the master with or without them.
 */
import { useState } from 'react';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate } from 'react-admin';
import type { CaseDetail, CasePhoto } from '../../../domain/cases';
import { CaseImage } from '../cases/CaseImage';
import { useBilingual } from '../cases/useBilingual';

type MasterView = 'master' | 'preview';

const StandardPhoto = ({ photo, forDocument }: { photo: CasePhoto; forDocument: boolean }) => {
  const translate = useTranslate();
  const text = useBilingual();
  return (
    <Card
      variant="outlined"
      data-testid={`review-photo-${photo.profileId}`}
      sx={{ p: 1, borderColor: forDocument ? 'primary.main' : undefined, borderWidth: forDocument ? 2 : 1 }}
    >
      <Box sx={{ display: 'flex', justifyContent: 'center', bgcolor: 'grey.100', minHeight: 120 }}>
        <CaseImage
          part={`photos/${photo.profileId}`}
          version={photo.sha256}
          alt={text(photo.name)}
          maxHeight={180}
        />
      </Box>
      <Typography variant="subtitle2" sx={{ mt: 0.5 }}>
        {text(photo.name)}
      </Typography>
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        <Chip
          size="small"
          variant="outlined"
          color={photo.verdict === 'pass' ? 'success' : photo.verdict === 'review' ? 'warning' : 'error'}
          label={translate(`tongpai.verdict.${photo.verdict}`)}
        />
        {forDocument && <Chip size="small" color="primary" label={translate('tongpai.review.applied_for')} />}
        {!photo.usable && <Chip size="small" color="error" label={translate('tongpai.case.not_usable')} />}
      </Stack>
    </Card>
  );
};

export const ReviewPhotos = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  const [view, setView] = useState<MasterView>('preview');
  if (!record) return null;
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: { xs: '1fr', lg: 'minmax(360px, 2fr) 3fr' },
        gap: 2,
        px: 2,
      }}
    >
      <Box>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={view}
          onChange={(_event, value: MasterView | null) => value && setView(value)}
          sx={{ mb: 1 }}
        >
          <ToggleButton value="preview">{translate('tongpai.review.guides_on')}</ToggleButton>
          <ToggleButton value="master">{translate('tongpai.review.guides_off')}</ToggleButton>
        </ToggleButtonGroup>
        <Box sx={{ bgcolor: 'grey.900', borderRadius: 1, p: 1, display: 'flex', justifyContent: 'center' }}>
          {view === 'preview' && record.verdict ? (
            <CaseImage
              part="preview"
              version={record.master.sha256}
              alt={translate('tongpai.case.preview_alt')}
            />
          ) : (
            <CaseImage
              part="master"
              version={record.master.sha256}
              alt={translate('tongpai.case.master_alt')}
            />
          )}
        </Box>
      </Box>
      <Box
        sx={{
          display: 'grid',
          gap: 1.5,
          gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))',
          alignContent: 'start',
        }}
      >
        {record.photos.map((photo) => (
          <StandardPhoto
            key={photo.profileId}
            photo={photo}
            forDocument={record.documents.includes(photo.profileId)}
          />
        ))}
      </Box>
    </Box>
  );
};

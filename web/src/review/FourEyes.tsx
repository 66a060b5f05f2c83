/** Who captured the case, who approved it first and who holds it: the people four-eyes keeps apart. */
import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import PersonIcon from '@mui/icons-material/Person';
import LockIcon from '@mui/icons-material/Lock';
import CheckIcon from '@mui/icons-material/Check';
import { useTranslate } from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import { fourEyesConflict } from './reviewText';

export const FourEyes = ({ record, username }: { record: CaseDetail; username: string }) => {
  const translate = useTranslate();
  const conflict = fourEyesConflict(record, username);
  return (
    <Stack spacing={1} data-testid="four-eyes">
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Chip
          size="small"
          icon={<PersonIcon />}
          variant="outlined"
          label={translate('tongpai.review.four_eyes.captured', { user: record.operatorUsername })}
        />
        <Chip
          size="small"
          icon={<CheckIcon />}
          variant="outlined"
          color={record.firstApprover ? 'success' : 'default'}
          label={translate('tongpai.review.four_eyes.first_approval', {
            user: record.firstApprover ?? translate('tongpai.review.four_eyes.nobody'),
          })}
        />
        <Chip
          size="small"
          icon={<LockIcon />}
          variant="outlined"
          color={record.claimedBy === username ? 'primary' : record.claimedBy ? 'warning' : 'default'}
          label={translate('tongpai.review.four_eyes.claimed', {
            user: record.claimedBy ?? translate('tongpai.review.four_eyes.nobody'),
          })}
        />
      </Stack>
      {conflict && <Alert severity="info">{translate(conflict)}</Alert>}
    </Stack>
  );
};

import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import { useTranslate } from 'react-admin';
import type { Verification } from './citizenCalls';

/** What POST /verify says of a photo: genuine or not, and whether it is still in force. */
export const VerificationResult = ({ result }: { result: Verification }) => {
  const translate = useTranslate();
  const text = (key: string) => translate(`tongpai.citizen.verification.${key}`);
  return (
    <Stack spacing={1} data-testid="verification">
      <Alert severity={result.genuine ? 'success' : 'error'}>
        {text(result.genuine ? 'genuine' : 'not_genuine')}
      </Alert>
      {result.genuine && (
        <Alert severity={result.valid ? 'success' : 'warning'}>
          {text(result.valid ? 'valid' : 'not_valid')}
        </Alert>
      )}
    </Stack>
  );
};

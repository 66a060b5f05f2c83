/** A new grant's code, grouped for typing, and its QR code: shown this once (only a hash is kept). */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import type { CreatedGrant } from './citizenCalls';

export const CreatedCode = ({ created }: { created: CreatedGrant }) => {
  const translate = useTranslate();
  const t = (key: string) => translate(`tongpai.citizen.grant.${key}`);
  return (
    <>
      <Alert severity="warning">{t('code_once')}</Alert>
      <Paper variant="outlined" sx={{ p: 2, textAlign: 'center' }}>
        <Typography
          data-testid="grant-code"
          sx={{
            fontFamily: 'monospace',
            fontSize: { xs: 26, sm: 32 },
            letterSpacing: 2,
            wordBreak: 'keep-all',
          }}
        >
          {created.code}
        </Typography>
        {/* The server's SVG as an image: shown, never run. */}
        <img
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(created.qrSvg)}`}
          alt={t('qr')}
          style={{ width: 220, maxWidth: '100%' }}
        />
      </Paper>
      <Button variant="contained" component={Link} to="/my-grants">
        {t('done')}
      </Button>
    </>
  );
};

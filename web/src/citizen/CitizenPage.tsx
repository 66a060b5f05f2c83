import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { Title, useTranslate } from 'react-admin';

/** A citizen's or third party's page: one narrow column, phone first (360 px and up). */
export const CitizenPage = ({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) => {
  const translate = useTranslate();
  return (
    <Box sx={{ maxWidth: 720, width: '100%', mx: 'auto', px: { xs: 1, sm: 2 }, py: 2 }}>
      <Title title={translate(title)} />
      <Stack direction="row" alignItems="center" justifyContent="space-between" sx={{ mb: 2 }} gap={1}>
        <Typography variant="h6" component="h1">
          {translate(title)}
        </Typography>
        {actions}
      </Stack>
      <Stack spacing={2}>{children}</Stack>
    </Box>
  );
};

/** 我的授权: the citizen's grants, newest first, with their state and reads left; revoke one; create one. */
import AddIcon from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useGetList, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import type { Grant } from '../../../domain/grants';
import { CitizenPage } from './CitizenPage';
import { GrantCard } from './GrantCard';

export const GrantsPage = () => {
  const translate = useTranslate();
  const { data, isPending, refetch } = useGetList<Grant>('grants', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'createdAt', order: 'DESC' },
  });
  return (
    <CitizenPage
      title="resources.my-grants.name"
      actions={
        <Button
          variant="contained"
          size="small"
          component={Link}
          to="/my-grants/create"
          startIcon={<AddIcon />}
        >
          {translate('tongpai.citizen.grant.new')}
        </Button>
      }
    >
      {isPending && <LinearProgress />}
      {data?.length === 0 && (
        <Typography color="text.secondary">{translate('tongpai.citizen.grant.none')}</Typography>
      )}
      {data?.map((grant) => (
        <GrantCard key={grant.id} grant={grant} onRevoked={() => void refetch()} />
      ))}
    </CitizenPage>
  );
};

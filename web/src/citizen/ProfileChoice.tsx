import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormLabel from '@mui/material/FormLabel';
import { useProfileName } from './useProfileName';

/** Which of a photo set's standard photos a grant shares: a box to tick for each. */
export const ProfileChoice = ({
  label,
  profileIds,
  chosen,
  onChange,
}: {
  label: string;
  profileIds: string[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
}) => {
  const profileName = useProfileName();
  return (
    <FormGroup>
      <FormLabel>{label}</FormLabel>
      {profileIds.map((profileId) => (
        <FormControlLabel
          key={profileId}
          label={profileName(profileId)}
          control={
            <Checkbox
              checked={chosen.includes(profileId)}
              onChange={(e) =>
                onChange(e.target.checked ? [...chosen, profileId] : chosen.filter((p) => p !== profileId))
              }
            />
          }
        />
      ))}
    </FormGroup>
  );
};

/**
 * The photo of a capture, from the webcam or from a file. The form value is the File itself; it is sent
 * unchanged as the multipart `photo` part.
 */
import { useEffect, useState, type ChangeEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import CameraIcon from '@mui/icons-material/PhotoCamera';
import FileIcon from '@mui/icons-material/UploadFile';
import { InputHelperText, useInput, useTranslate, type Validator } from 'react-admin';
import { useFormContext } from 'react-hook-form';
import { WebcamCapture } from './WebcamCapture';

type PhotoSource = 'camera' | 'file';

const PhotoPreview = ({
  photo,
  onDiscard,
  discardLabel,
}: {
  photo: File;
  onDiscard: () => void;
  discardLabel: string;
}) => {
  const translate = useTranslate();
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const objectUrl = URL.createObjectURL(photo);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [photo]);
  return (
    <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
      {url && (
        <img
          src={url}
          alt={translate('tongpai.capture.photo.preview_alt')}
          style={{ maxWidth: 480, maxHeight: 360, objectFit: 'contain', borderRadius: 4 }}
        />
      )}
      <Typography variant="body2" color="text.secondary">
        {photo.name} · {(photo.size / 1024).toFixed(0)} KiB
      </Typography>
      <Button variant="outlined" onClick={onDiscard}>
        {translate(discardLabel)}
      </Button>
    </Stack>
  );
};

export interface PhotoInputProps {
  source: string;
  validate?: Validator | Validator[];
  /** A text input filled with the camera's name when a webcam photo is taken and it is still empty. */
  deviceSource?: string;
}

export const PhotoInput = ({ source, validate, deviceSource }: PhotoInputProps) => {
  const translate = useTranslate();
  const { field, fieldState, isRequired } = useInput({ source, validate });
  const { getValues, setValue } = useFormContext();
  const [photoSource, setPhotoSource] = useState<PhotoSource>('camera');
  const [cameraId, setCameraId] = useState('');
  const photo: File | null = field.value instanceof File ? field.value : null;

  const onCameraPhoto = (file: File, cameraLabel: string) => {
    field.onChange(file);
    if (deviceSource && cameraLabel && !getValues(deviceSource)) {
      setValue(deviceSource, cameraLabel, { shouldDirty: true });
    }
  };
  const onFileChosen = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) field.onChange(file);
  };

  return (
    <FormControl error={fieldState.invalid} sx={{ my: 1 }}>
      <FormLabel sx={{ mb: 1 }}>
        {translate('resources.captures.fields.photo')}
        {isRequired ? ' *' : ''}
      </FormLabel>
      {photo ? (
        <PhotoPreview
          photo={photo}
          onDiscard={() => field.onChange(null)}
          discardLabel={
            photoSource === 'camera' ? 'tongpai.capture.photo.retake' : 'tongpai.capture.photo.change_file'
          }
        />
      ) : (
        <Stack spacing={1}>
          <ToggleButtonGroup
            exclusive
            size="small"
            value={photoSource}
            onChange={(_event, value: PhotoSource | null) => value && setPhotoSource(value)}
          >
            <ToggleButton value="camera">
              <CameraIcon fontSize="small" sx={{ mr: 1 }} />
              {translate('tongpai.capture.photo.camera')}
            </ToggleButton>
            <ToggleButton value="file">
              <FileIcon fontSize="small" sx={{ mr: 1 }} />
              {translate('tongpai.capture.photo.file')}
            </ToggleButton>
          </ToggleButtonGroup>
          {photoSource === 'camera' ? (
            <WebcamCapture cameraId={cameraId} onCameraChange={setCameraId} onCapture={onCameraPhoto} />
          ) : (
            <Box>
              <Button variant="contained" component="label" startIcon={<FileIcon />}>
                {translate('tongpai.capture.photo.choose_file')}
                <input type="file" accept="image/*" hidden name={source} onChange={onFileChosen} />
              </Button>
            </Box>
          )}
        </Stack>
      )}
      <FormHelperText>
        <InputHelperText error={fieldState.error?.message} />
      </FormHelperText>
    </FormControl>
  );
};

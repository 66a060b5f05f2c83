/**
 * A live camera preview with a "take photo" button. The still is taken at the camera's full resolution, not
 * the preview's size. Where several cameras exist the operator picks one. The face guide shows where the
 * face should be and what to do, and takes the photo by itself once the face is in place (auto-capture,
 * which the user may switch off; the choice is remembered).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import MuiTextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import CameraIcon from '@mui/icons-material/PhotoCamera';
import { useStore, useTranslate } from 'react-admin';
import { FaceGuideOverlay } from './faceGuide/FaceGuideOverlay';
import { useFaceGuide, type FaceGuideState } from './faceGuide/useFaceGuide';

type CameraState =
  | { status: 'starting' }
  | { status: 'live'; label: string; deviceId: string }
  | { status: 'failed'; message: string; args?: Record<string, string> };

function cameraFailure(error: unknown): Extract<CameraState, { status: 'failed' }> {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return { status: 'failed', message: 'tongpai.capture.photo.camera_denied' };
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return { status: 'failed', message: 'tongpai.capture.photo.camera_missing' };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return { status: 'failed', message: 'tongpai.capture.photo.camera_failed', args: { reason } };
}

const stop = (stream: MediaStream) => stream.getTracks().forEach((track) => track.stop());

export interface WebcamCaptureProps {
  /** The chosen camera ('' = the browser's default); kept by the parent so retakes reuse it. */
  cameraId: string;
  onCameraChange: (cameraId: string) => void;
  onCapture: (photo: File, cameraLabel: string) => void;
  /** The camera a phone should start with when none is chosen: its front (selfie) camera for a self-capture. */
  facing?: 'user';
}

export const WebcamCapture = ({ cameraId, onCameraChange, onCapture, facing }: WebcamCaptureProps) => {
  const translate = useTranslate();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [state, setState] = useState<CameraState>({ status: 'starting' });

  useEffect(() => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setState({ status: 'failed', message: 'tongpai.capture.photo.camera_insecure' });
      return;
    }
    let stream: MediaStream | undefined;
    let cancelled = false;
    setState({ status: 'starting' });
    const video = {
      width: { ideal: 1920 },
      height: { ideal: 1080 },
      ...(cameraId ? { deviceId: { exact: cameraId } } : facing ? { facingMode: { ideal: facing } } : {}),
    };
    navigator.mediaDevices
      .getUserMedia({ video, audio: false })
      .then(async (started) => {
        if (cancelled) return stop(started);
        stream = started;
        if (videoRef.current) videoRef.current.srcObject = started;
        // Camera labels are only revealed once the user has allowed the camera.
        const devices = await navigator.mediaDevices.enumerateDevices();
        if (cancelled) return;
        setCameras(devices.filter((device) => device.kind === 'videoinput'));
        const track = started.getVideoTracks()[0];
        setState({
          status: 'live',
          label: track?.label ?? '',
          deviceId: track?.getSettings().deviceId ?? '',
        });
      })
      .catch((error: unknown) => {
        if (!cancelled) setState(cameraFailure(error));
      });
    return () => {
      cancelled = true;
      if (stream) stop(stream);
    };
  }, [cameraId, facing]);

  const takePhoto = useCallback(() => {
    const video = videoRef.current;
    if (!video || !video.videoWidth || state.status !== 'live') return;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d')?.drawImage(video, 0, 0);
    canvas.toBlob(
      (blob) => {
        if (blob)
          onCapture(new File([blob], `webcam-${Date.now()}.jpg`, { type: 'image/jpeg' }), state.label);
      },
      'image/jpeg',
      0.95,
    );
  }, [onCapture, state]);
  const [autoCapture, setAutoCapture] = useStore('capture.autoCapture', true);
  const guide = useFaceGuide(videoRef, state.status === 'live', () => autoCapture && takePhoto());

  if (state.status === 'failed') {
    return <Alert severity="warning">{translate(state.message, state.args)}</Alert>;
  }
  return (
    <Stack spacing={1} sx={{ maxWidth: 640 }}>
      {cameras.length > 1 && state.status === 'live' && (
        <MuiTextField
          select
          size="small"
          label={translate('tongpai.capture.photo.choose_camera')}
          value={cameraId || state.deviceId}
          onChange={(event) => onCameraChange(event.target.value)}
        >
          {cameras.map((camera, index) => (
            <MenuItem key={camera.deviceId} value={camera.deviceId}>
              {camera.label || `${translate('tongpai.capture.photo.camera')} ${index + 1}`}
            </MenuItem>
          ))}
        </MuiTextField>
      )}
      <Box
        sx={{
          position: 'relative',
          bgcolor: 'grey.900',
          borderRadius: 1,
          overflow: 'hidden',
          minHeight: 240,
        }}
      >
        <video ref={videoRef} autoPlay muted playsInline style={{ display: 'block', width: '100%' }} />
        {guide.status === 'running' && <FaceGuideOverlay frame={guide.frame} hint={guide.hint} />}
        {state.status === 'starting' && (
          <Typography
            sx={{ position: 'absolute', inset: 0, color: 'grey.300', display: 'grid', placeItems: 'center' }}
          >
            {translate('tongpai.capture.photo.starting')}
          </Typography>
        )}
      </Box>
      {state.status === 'live' && <GuideHintText guide={guide} />}
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Button
          variant="contained"
          startIcon={<CameraIcon />}
          onClick={takePhoto}
          disabled={state.status !== 'live'}
        >
          {translate('tongpai.capture.photo.take')}
        </Button>
        <FormControlLabel
          control={
            <Switch checked={autoCapture} onChange={(event) => setAutoCapture(event.target.checked)} />
          }
          label={translate('tongpai.capture.guide.auto')}
        />
      </Stack>
    </Stack>
  );
};

const GuideHintText = ({ guide }: { guide: FaceGuideState }) => {
  const translate = useTranslate();
  const key = guide.status === 'running' ? guide.hint : guide.status;
  return (
    <Typography
      data-testid="face-guide-hint"
      aria-live="polite"
      sx={{ fontWeight: 500, color: key === 'ready' ? 'success.main' : 'text.primary' }}
    >
      {translate(`tongpai.capture.guide.${key}`)}
    </Typography>
  );
};

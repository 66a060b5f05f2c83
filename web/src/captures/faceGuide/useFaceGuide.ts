/**
 * The live face guide of a camera page: loads the detector once, reads the video every ~100 ms while it is
 * live, and reports the hint for the newest frame. `onReady` is called each time the face comes into place and
 * has been still for the whole moment (auto-capture); a detector that cannot load leaves the page to the
 * manual button.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useDataProvider } from 'react-admin';
import type { TongpaiDataProvider } from '../../providers/dataProvider';
import type { FaceGuideDetector } from './detector';
import { placementHint, type GuideFrame, type GuideHint } from './placement';

export type FaceGuideState =
  | { status: 'loading' }
  | { status: 'unavailable' }
  | { status: 'running'; hint: GuideHint; frame: GuideFrame };

const intervalMs = 100;
/** Frames kept for the stillness check (more than `tolerance.stillMs`). */
const historyMs = 2000;

export function useFaceGuide(
  videoRef: RefObject<HTMLVideoElement | null>,
  live: boolean,
  onReady: () => void,
): FaceGuideState {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const [detector, setDetector] = useState<FaceGuideDetector | 'unavailable'>();
  const [guide, setGuide] = useState<{ hint: GuideHint; frame: GuideFrame }>();
  const onReadyRef = useRef(onReady);
  useEffect(() => {
    onReadyRef.current = onReady;
  }, [onReady]);

  useEffect(() => {
    let cancelled = false;
    let loaded: FaceGuideDetector | undefined;
    // Loaded on a camera page only: onnxruntime-web is most of the console's weight.
    Promise.all([dataProvider.getFaceGuideModel(), import('./detector')])
      .then(([model, { createFaceGuideDetector }]) => createFaceGuideDetector(model))
      .then((made) => {
        loaded = made;
        if (cancelled) void made.release();
        else setDetector(made);
      })
      .catch(() => !cancelled && setDetector('unavailable'));
    return () => {
      cancelled = true;
      if (loaded) void loaded.release();
    };
  }, [dataProvider]);

  useEffect(() => {
    if (!detector || detector === 'unavailable' || !live) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wasReady = false;
    const frames: GuideFrame[] = [];
    const tick = async () => {
      const video = videoRef.current;
      if (video && video.videoWidth && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
        const faces = await detector.detect(video);
        if (stopped) return;
        const frame = { at: performance.now(), width: video.videoWidth, height: video.videoHeight, faces };
        frames.push(frame);
        while (frames[0]!.at < frame.at - historyMs) frames.shift();
        const hint = placementHint(frames);
        setGuide({ hint, frame });
        if (hint === 'ready' && !wasReady) onReadyRef.current();
        wasReady = hint === 'ready';
      }
      if (!stopped) timer = setTimeout(() => void tick().catch(() => setDetector('unavailable')), intervalMs);
    };
    void tick().catch(() => setDetector('unavailable'));
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [detector, live, videoRef]);

  if (detector === 'unavailable') return { status: 'unavailable' };
  if (!detector || !guide) return { status: 'loading' };
  return { status: 'running', ...guide };
}

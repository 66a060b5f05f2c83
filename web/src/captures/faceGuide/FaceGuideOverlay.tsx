/**
 * Drawn over the camera's preview: the guide oval (green once the face is in place), the detected face's box
 * and its eye line, in the video's own pixels so they sit on the face whatever size the preview is shown at.
 */
import { useEffect, useRef } from 'react';
import { guideOval, type GuideFrame, type GuideHint } from './placement';

export const FaceGuideOverlay = ({ frame, hint }: { frame?: GuideFrame; hint?: GuideHint }) => {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context || !frame) return;
    const { width, height, faces } = frame;
    canvas.width = width;
    canvas.height = height;
    const line = Math.max(2, height / 240);
    const oval = guideOval(width, height);
    context.clearRect(0, 0, width, height);
    context.lineWidth = line;
    context.setLineDash(hint === 'ready' ? [] : [4 * line, 3 * line]);
    context.strokeStyle = hint === 'ready' ? '#4caf50' : 'rgba(255, 255, 255, 0.9)';
    context.beginPath();
    context.ellipse(oval.cx, oval.cy, oval.rx, oval.ry, 0, 0, 2 * Math.PI);
    context.stroke();
    const face = faces[0];
    if (!face) return;
    context.setLineDash([]);
    context.strokeStyle = '#ffb300';
    context.strokeRect(face.box.x, face.box.y, face.box.width, face.box.height);
    const [leftEye, rightEye] = face.landmarks;
    context.strokeStyle = '#00e5ff';
    context.beginPath();
    context.moveTo(leftEye.x, leftEye.y);
    context.lineTo(rightEye.x, rightEye.y);
    context.stroke();
  }, [frame, hint]);

  return (
    <canvas
      ref={canvasRef}
      aria-hidden
      style={{ position: 'absolute', left: 0, top: 0, width: '100%', pointerEvents: 'none' }}
    />
  );
};

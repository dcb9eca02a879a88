import { useEffect, useRef, useState } from 'react';

/** While a preview plays, its picture is copied this often: the last copy is what a tile shows once the camera drops. */
const GRAB_INTERVAL_MS = 4_000;
/** The first copy, a moment after the picture starts moving. */
const FIRST_GRAB_DELAY_MS = 1_000;
const JPEG_QUALITY = 0.75;

export interface GrabbedFrame {
  /** A blob: URL of a small JPEG. */
  url: string;
  /** When it was copied (ms since epoch). */
  at: number;
}

/**
 * Keeps a copy of the last picture a playing <video> showed, taken in the browser from the
 * frames it already decodes (no work for the engine). The copy outlives the player, so when the
 * camera goes down the operator still sees what it last showed.
 */
export function useFrameGrab(video: HTMLVideoElement | null, playing: boolean, maxWidth: number): GrabbedFrame | null {
  const [frame, setFrame] = useState<GrabbedFrame | null>(null);
  const latest = useRef<string | null>(null);

  useEffect(() => {
    if (!video || !playing) return;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const grab = () => {
      if (stopped || video.readyState < 2 || video.videoWidth === 0) return;
      const scale = Math.min(1, maxWidth / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      try {
        canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
      } catch {
        return; // a picture the page may not read: no copy
      }
      canvas.toBlob(
        (blob) => {
          if (!blob || stopped) return;
          const url = URL.createObjectURL(blob);
          if (latest.current) URL.revokeObjectURL(latest.current);
          latest.current = url;
          setFrame({ url, at: Date.now() });
        },
        'image/jpeg',
        JPEG_QUALITY,
      );
    };
    const first = setTimeout(grab, FIRST_GRAB_DELAY_MS);
    const timer = setInterval(grab, GRAB_INTERVAL_MS);
    return () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [video, playing, maxWidth]);

  // The last copy is released with the component.
  useEffect(
    () => () => {
      if (latest.current) URL.revokeObjectURL(latest.current);
      latest.current = null;
    },
    [],
  );

  return frame;
}

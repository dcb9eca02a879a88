import { useEffect, useState } from 'react';
import { loadVolume, saveVolume } from '../../media/audio-preference';

/** Mute and volume for the focused camera's <video>; follows changes the player makes (a blocked autoplay mutes). */
export function AudioControls({ video, hasAudio }: { video: HTMLVideoElement | null; hasAudio: boolean }) {
  const [muted, setMuted] = useState(false);
  const [volume, setVolume] = useState(loadVolume);

  useEffect(() => {
    if (!video) return;
    video.volume = loadVolume();
    const sync = () => {
      setMuted(video.muted);
      setVolume(video.volume);
    };
    sync();
    video.addEventListener('volumechange', sync);
    return () => video.removeEventListener('volumechange', sync);
  }, [video]);

  const silent = muted || volume === 0;

  return (
    <div className="audio-controls" data-testid="focus-audio">
      <button
        type="button"
        className="button small"
        onClick={() => {
          if (!video) return;
          video.muted = !video.muted;
          if (!video.muted && video.volume === 0) video.volume = 0.5;
        }}
        disabled={!video}
        aria-pressed={muted}
        data-testid="focus-mute"
      >
        <SpeakerIcon silent={silent} />
        {muted ? 'Unmute' : 'Mute'}
      </button>
      <input
        type="range"
        className="volume"
        min={0}
        max={100}
        step={1}
        value={Math.round(volume * 100)}
        aria-label="Volume"
        disabled={!video}
        onChange={(e) => {
          if (!video) return;
          video.volume = Number(e.target.value) / 100;
          if (video.volume > 0) video.muted = false;
          saveVolume(video.volume);
        }}
        data-testid="focus-volume"
      />
      <span className="volume-value">{silent ? 'Muted' : `${Math.round(volume * 100)} %`}</span>
      {!hasAudio && <span className="muted">This camera sends no audio.</span>}
    </div>
  );
}

function SpeakerIcon({ silent }: { silent: boolean }) {
  return (
    <svg className="button-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4z" />
      {silent ? <path d="M16 9.5l5 5M21 9.5l-5 5" /> : <path d="M15.5 9a4.5 4.5 0 0 1 0 6M18 6.5a8 8 0 0 1 0 11" />}
    </svg>
  );
}

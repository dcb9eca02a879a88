import type { ReactNode } from 'react';
import type { Slate } from './camera-slate';

/** The dark card over a picture that is not moving: the state, why, and when it tries again (see-through over a last picture). */
export function CameraSlate({ slate, action, compact, overPicture }: { slate: Slate; action?: ReactNode; compact?: boolean; overPicture?: boolean }) {
  return (
    <div
      className={`camera-slate tone-${slate.tone}${compact ? ' compact' : ''}${overPicture ? ' over-picture' : ''}`}
      data-testid="camera-slate"
      data-cause={slate.cause}
      role="status"
    >
      <p className="slate-title">
        {slate.busy ? <span className="spinner" aria-hidden="true" /> : <span className={`status-dot ${slate.tone}`} aria-hidden="true" />}
        {slate.title}
      </p>
      <p className="slate-reason" data-testid="camera-slate-reason">
        {slate.reason}
      </p>
      {slate.detail && (
        <p className="slate-detail" data-testid="camera-slate-detail">
          {slate.detail}
        </p>
      )}
      {action && <div className="slate-actions">{action}</div>}
    </div>
  );
}

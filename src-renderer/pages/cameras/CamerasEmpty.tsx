import { NavIcon } from '../../components/NavIcon';

/** No cameras yet: what can be added, and the button to do it. */
export function CamerasEmpty({ onAdd }: { onAdd(): void }) {
  return (
    <section className="placeholder cameras-empty" data-testid="cameras-empty">
      <NavIcon route="cameras" />
      <p className="placeholder-summary">No cameras yet</p>
      <p className="placeholder-detail">
        Add an IP camera (RTSP), an RTMP or HTTP stream, a video file, or a built-in test pattern such as <code>test://bars</code>.
      </p>
      <button type="button" className="button primary empty-action" onClick={onAdd} data-testid="cameras-empty-add">
        Add camera
      </button>
    </section>
  );
}

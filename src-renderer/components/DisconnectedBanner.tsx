export function DisconnectedBanner() {
  return (
    <div className="disconnected-banner" role="alert" data-testid="disconnected-banner">
      <span className="banner-spinner" aria-hidden="true" />
      <strong>Engine disconnected — reconnecting…</strong>
      <span className="banner-detail">Controls are disabled until the engine is back. This clears by itself.</span>
    </div>
  );
}

import { useRef, useState } from 'react';
import type { AssetView } from '../../../src-main/compositor/compositor-schema';
import { errorMessage } from '../../api/api-client-error';
import { formatBytes } from '../../app/format';
import { TitledModal } from '../../components/Modal';
import { useApiClient } from '../../hooks/api-context';
import { StrokeIcon } from '../../components/StrokeIcon';

interface ImagePickerDialogProps {
  title: string;
  assets: AssetView[];
  assetUrls: ReadonlyMap<string, string>;
  currentId?: string;
  onPick(asset: AssetView): void;
  onClose(): void;
}

/** The file's bytes as base64 (without the `data:` prefix). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/** Picks an uploaded image for an image layer, or uploads a new one (PNG, JPEG, SVG; checked by the engine). */
export function ImagePickerDialog({ title, assets, assetUrls, currentId, onPick, onClose }: ImagePickerDialogProps) {
  const client = useApiClient();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);

  async function remove(asset: AssetView) {
    setProblem(null);
    setRemoving(asset.id);
    try {
      await client.call('compositor.assets.remove', { id: asset.id });
    } catch (error) {
      setProblem(`${asset.name} was not deleted: ${errorMessage(error)}`);
    } finally {
      setRemoving(null);
    }
  }

  async function upload(file: File) {
    setProblem(null);
    setUploading(file.name);
    try {
      const name = file.name.replace(/\.[^.]+$/, '').slice(0, 80).trim() || 'Image';
      const asset = await client.call('compositor.assets.upload', { name, dataBase64: await readBase64(file) });
      onPick(asset);
    } catch (error) {
      setProblem(`${file.name} was not uploaded: ${errorMessage(error)}`);
    } finally {
      setUploading(null);
      if (input.current) input.current.value = '';
    }
  }

  return (
    <TitledModal title={title} onClose={onClose} className="program-dialog wide" testId="image-picker">
      <div className="upload-row">
        <input
          ref={input}
          type="file"
          accept="image/png,image/jpeg,image/svg+xml,.png,.jpg,.jpeg,.svg"
          className="visually-hidden"
          id="asset-upload"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
          }}
          data-testid="asset-upload-input"
        />
        <button type="button" className="button" disabled={uploading !== null} onClick={() => input.current?.click()} data-testid="asset-upload">
          {uploading ? `Uploading ${uploading}…` : 'Upload image…'}
        </button>
        <span className="muted">PNG, JPEG or SVG, up to 20 MB.</span>
      </div>
      {problem && (
        <p className="form-error" role="alert" data-testid="asset-upload-error">
          {problem}
        </p>
      )}
      {assets.length === 0 ? (
        <p className="muted" data-testid="image-picker-empty">
          No images uploaded yet.
        </p>
      ) : (
        <ul className="asset-grid">
          {assets.map((asset) => (
            <li key={asset.id} className="asset-cell">
              <button type="button" className={`asset-item${asset.id === currentId ? ' selected' : ''}`} onClick={() => onPick(asset)} data-testid="asset-option" data-asset-id={asset.id}>
                <span className="asset-thumb">{assetUrls.get(asset.id) && <img src={assetUrls.get(asset.id)} alt="" />}</span>
                <span className="picker-name truncate">{asset.name}</span>
                <span className="picker-meta">
                  {asset.format.toUpperCase()} · {asset.width}×{asset.height} · {formatBytes(asset.bytes)}
                </span>
              </button>
              <button
                type="button"
                className="icon-button danger asset-remove"
                aria-label={`Delete ${asset.name}`}
                title="Delete this image (only when no layer uses it)"
                disabled={removing !== null}
                onClick={() => void remove(asset)}
                data-testid="asset-remove"
              >
                <StrokeIcon name="remove" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </TitledModal>
  );
}

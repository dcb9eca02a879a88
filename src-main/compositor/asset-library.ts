import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../api/errors';
import type { Logger } from '../logging/logger';
import type { StateStore } from '../store/state-store';
import { MAX_ASSET_BYTES, type AssetView } from './compositor-schema';
import type { StoredAsset } from './compositor-store-schema';
import { AssetError, validateAsset } from './graphics-port';

const EXTENSIONS = { png: 'png', jpeg: 'jpg', svg: 'svg' } as const;

/**
 * Uploaded images: validated by decoding (never by name), stored as files under
 * `<data-dir>/compositor/assets/` with a generated name, described in the state.
 */
export class AssetLibrary extends EventEmitter<{ changed: [AssetView[]] }> {
  constructor(
    private readonly store: StateStore,
    readonly dir: string,
    private readonly logger: Logger,
  ) {
    super();
  }

  list(): AssetView[] {
    return this.store.get().compositorAssets.map(view);
  }

  get(id: string): StoredAsset {
    const asset = this.store.get().compositorAssets.find((a) => a.id === id);
    if (!asset) throw new ApiError('not_found', `id: no uploaded image with id ${id}`);
    return asset;
  }

  has(id: string): boolean {
    return this.store.get().compositorAssets.some((a) => a.id === id);
  }

  /** The file of an asset, or null when there is no such asset. */
  pathOf(id: string): string | null {
    const asset = this.store.get().compositorAssets.find((a) => a.id === id);
    return asset ? path.join(this.dir, asset.file) : null;
  }

  async upload(name: string, dataBase64: string): Promise<AssetView> {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(dataBase64.replace(/\s+/g, ''))) throw new ApiError('invalid_input', 'dataBase64: not base64');
    const bytes = Buffer.from(dataBase64, 'base64');
    if (bytes.length === 0) throw new ApiError('invalid_input', 'dataBase64: the file is empty');
    if (bytes.length > MAX_ASSET_BYTES) throw new ApiError('payload_too_large', `dataBase64: an image is at most ${MAX_ASSET_BYTES / 1024 / 1024} MB`);
    let info: Awaited<ReturnType<typeof validateAsset>>;
    try {
      info = await validateAsset(bytes);
    } catch (err) {
      if (err instanceof AssetError) throw new ApiError('invalid_input', `dataBase64: ${err.message}`);
      throw err;
    }
    const id = `ast_${randomBytes(6).toString('hex')}`;
    const asset: StoredAsset = {
      id,
      name,
      format: info.format,
      width: info.width,
      height: info.height,
      bytes: bytes.length,
      file: `${id}.${EXTENSIONS[info.format]}`,
      createdAt: new Date().toISOString(),
    };
    await fs.mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, asset.file);
    const temporary = `${file}.tmp`;
    await fs.writeFile(temporary, bytes, { mode: 0o600 });
    await fs.rename(temporary, file);
    try {
      await this.store.update((state) => {
        state.compositorAssets.push(asset);
      });
    } catch (err) {
      await fs.rm(file, { force: true });
      throw err;
    }
    this.logger.info('Image uploaded', { asset: id, format: info.format, width: info.width, height: info.height, bytes: bytes.length });
    this.emit('changed', this.list());
    return view(asset);
  }

  /** `usedBy` names the scenes whose layers show it: such an asset is not removed. */
  async remove(id: string, usedBy: string[]): Promise<void> {
    const asset = this.get(id);
    if (usedBy.length > 0) throw new ApiError('conflict', `This image is used by layers in: ${usedBy.join(', ')}; remove those layers first`);
    await this.store.update((state) => {
      state.compositorAssets = state.compositorAssets.filter((a) => a.id !== id);
    });
    await fs.rm(path.join(this.dir, asset.file), { force: true });
    this.logger.info('Image removed', { asset: id });
    this.emit('changed', this.list());
  }
}

function view(asset: StoredAsset): AssetView {
  return { id: asset.id, name: asset.name, format: asset.format, width: asset.width, height: asset.height, bytes: asset.bytes, createdAt: asset.createdAt };
}

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AssetView, Layer, LayerInput, LayerKind, MixerView, SceneView } from '../../../src-main/compositor/compositor-schema';
import { errorMessage } from '../../api/api-client-error';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useApiClient } from '../../hooks/api-context';
import { AddLayerMenu } from './AddLayerMenu';
import { isFullFrame, sameBox, type Box } from './canvas-geometry';
import { ImagePickerDialog } from './ImagePickerDialog';
import { layerTitle as titleOf, newGraphicsLayer, newImageLayer, newVideoLayer, preferredFont } from './layer-kinds';
import { reorderedIds, type StackMove } from './layer-order';
import { LayerProperties } from './LayerProperties';
import { LayerStack } from './LayerStack';
import { SceneCanvas } from './SceneCanvas';
import { SourcePickerDialog } from './SourcePickerDialog';
import type { VideoSource } from './video-sources';

/** An optimistic box is dropped if the engine's copy does not catch up within this time. */
const OPTIMISTIC_HOLD_MS = 3_000;

interface SceneEditorProps {
  scene: SceneView;
  mixer: MixerView | undefined;
  fonts: string[] | undefined;
  sources: VideoSource[];
  assets: AssetView[];
  assetUrls: ReadonlyMap<string, string>;
}

interface PendingBox {
  box: Box;
  /** Set once the engine answered: the box is then kept only until the topic shows it. */
  settledAt: number | null;
}

/**
 * One scene's editor: the canvas, the layer stack and the selected layer's properties. Moves
 * and resizes show at once and are stored with `compositor.layers.update`; a refused one snaps
 * back with the engine's reason.
 */
export function SceneEditor({ scene, mixer, fonts, sources, assets, assetUrls }: SceneEditorProps) {
  const client = useApiClient();
  const [selectedLayerId, setSelectedLayerId] = useState<string | null>(null);
  const [pending, setPending] = useState<ReadonlyMap<string, PendingBox>>(new Map());
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<'video' | 'image' | { remove: Layer } | null>(null);

  const sourceById = useMemo(() => new Map(sources.map((s) => [s.id, s])), [sources]);
  const assetNames = useMemo(() => new Map(assets.map((a) => [a.id, a.name])), [assets]);
  const layerTitle = useCallback(
    (layer: Layer) =>
      titleOf(
        layer,
        (id) => sourceById.get(id)?.name ?? `Missing source ${id}`,
        (id) => assetNames.get(id) ?? 'Missing image',
      ),
    [sourceById, assetNames],
  );

  // Drop optimistic boxes the engine's copy has caught up with (or that waited too long).
  useEffect(() => {
    if (pending.size === 0) return;
    const now = Date.now();
    let next: Map<string, PendingBox> | null = null;
    for (const [id, entry] of pending) {
      const stored = scene.layers.find((l) => l.id === id);
      const caughtUp = !stored || sameBox(stored, entry.box);
      if (caughtUp || (entry.settledAt !== null && now - entry.settledAt > OPTIMISTIC_HOLD_MS)) {
        next ??= new Map(pending);
        next.delete(id);
      }
    }
    if (next) setPending(next);
    const timer = setTimeout(() => setPending((p) => new Map(p)), OPTIMISTIC_HOLD_MS + 100);
    return () => clearTimeout(timer);
  }, [scene, pending]);

  const layers = useMemo(
    () =>
      scene.layers.map((layer) => {
        const box = pending.get(layer.id)?.box;
        return box ? ({ ...layer, ...box } as Layer) : layer;
      }),
    [scene.layers, pending],
  );
  const selected = layers.find((l) => l.id === selectedLayerId) ?? null;

  async function run(what: string, action: () => Promise<unknown>) {
    setBusy(true);
    setProblem(null);
    try {
      await action();
    } catch (error) {
      setProblem(`${what}: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  }

  function commitBox(layerId: string, box: Box) {
    setProblem(null);
    setPending((p) => new Map(p).set(layerId, { box, settledAt: null }));
    client.call('compositor.layers.update', { sceneId: scene.id, layerId, patch: { ...box } }).then(
      () => setPending((p) => (p.has(layerId) ? new Map(p).set(layerId, { box, settledAt: Date.now() }) : p)),
      (error: unknown) => {
        setPending((p) => {
          const next = new Map(p);
          next.delete(layerId);
          return next;
        });
        setProblem(`Not moved: ${errorMessage(error)}`);
      },
    );
  }

  /** `atBottom`: under every other layer (a full-frame picture is a background). */
  async function add(layer: LayerInput, atBottom = false) {
    await run('The layer was not added', async () => {
      const added = await client.call('compositor.layers.add', { sceneId: scene.id, layer, ...(atBottom ? { index: 0 } : {}) });
      setSelectedLayerId(added.id);
    });
  }

  function chooseKind(kind: LayerKind) {
    if (kind === 'video') return setDialog('video');
    if (kind === 'image') return setDialog('image');
    void add(newGraphicsLayer(kind, { layers: scene.layers, font: preferredFont(fonts) }));
  }

  function move(layerId: string, stackMove: StackMove) {
    const ids = reorderedIds(
      scene.layers.map((l) => l.id),
      layerId,
      stackMove,
    );
    if (ids) void run('The order was not changed', () => client.call('compositor.layers.reorder', { sceneId: scene.id, layerIds: ids }));
  }

  const onProgram = mixer?.programSceneId === scene.id;
  const onPreview = mixer?.previewSceneId === scene.id;

  return (
    <div className="scene-editor" data-testid="scene-editor" data-scene-id={scene.id}>
      <section className="card program-card editor-card" aria-labelledby="scene-editor-title">
        <div className="card-heading">
          <h2 id="scene-editor-title" className="editor-title">
            <span className="editor-scene-name truncate" data-testid="editor-scene-name">
              {scene.name}
            </span>
            {onProgram && <span className="tally-badge program">On program</span>}
            {onPreview && <span className="tally-badge preview">On preview</span>}
          </h2>
          <AddLayerMenu disabled={busy} onChoose={chooseKind} />
        </div>
        {onProgram && <p className="editor-live-note">This scene is on program: every change goes on air at once.</p>}
        {problem && (
          <div className="form-error editor-problem" role="alert" data-testid="editor-problem">
            <span>{problem}</span>
            <button type="button" className="link-button" onClick={() => setProblem(null)}>
              Dismiss
            </button>
          </div>
        )}
        <SceneCanvas
          layers={layers}
          selectedLayerId={selectedLayerId}
          onSelect={setSelectedLayerId}
          onCommitBox={commitBox}
          onRemoveRequest={(layer) => setDialog({ remove: layer })}
          sources={sourceById}
          assetUrls={assetUrls}
          assetNames={assetNames}
          layerTitle={layerTitle}
        />
        <p className="canvas-hint muted">Drag to move · drag a corner to resize (Shift keeps proportions, Alt turns off snapping) · arrow keys nudge · Delete removes.</p>
        <LayerStack
          layers={layers}
          selectedLayerId={selectedLayerId}
          busy={busy}
          onSelect={setSelectedLayerId}
          onMove={move}
          onToggleVisible={(layer) =>
            void run(layer.visible ? 'Not hidden' : 'Not shown', () =>
              client.call('compositor.layers.update', { sceneId: scene.id, layerId: layer.id, patch: { visible: !layer.visible } }),
            )
          }
          onRemove={(layer) => setDialog({ remove: layer })}
          onCountdown={(layer, start) =>
            void run(start ? 'The countdown did not start' : 'The countdown was not reset', () =>
              client.call('compositor.layers.update', { sceneId: scene.id, layerId: layer.id, patch: { startedAt: start ? new Date().toISOString() : null } }),
            )
          }
          layerTitle={layerTitle}
        />
      </section>
      <section className="card program-card properties-card" aria-label="Layer properties">
        {selected ? (
          <LayerProperties
            key={selected.id}
            sceneId={scene.id}
            layer={selected}
            title={layerTitle(selected)}
            fonts={fonts}
            sources={sources}
            assets={assets}
            assetUrls={assetUrls}
          />
        ) : (
          <div className="properties-empty" data-testid="layer-properties-empty">
            <h2>Properties</h2>
            <p className="muted">{layers.length === 0 ? 'Add a layer to this scene with “Add layer”.' : 'Select a layer on the canvas or in the list to edit it.'}</p>
          </div>
        )}
      </section>

      {dialog === 'video' && (
        <SourcePickerDialog
          title="Add a video layer"
          sources={sources}
          onClose={() => setDialog(null)}
          onPick={(source) => {
            setDialog(null);
            const layer = newVideoLayer(source.id, scene.layers);
            void add(layer, isFullFrame(layer));
          }}
        />
      )}
      {dialog === 'image' && (
        <ImagePickerDialog
          title="Add an image layer"
          assets={assets}
          assetUrls={assetUrls}
          onClose={() => setDialog(null)}
          onPick={(asset) => {
            setDialog(null);
            void add(newImageLayer(asset));
          }}
        />
      )}
      {dialog !== null && typeof dialog === 'object' && (
        <ConfirmDialog
          title={`Remove ${layerTitle(dialog.remove)}?`}
          confirmLabel="Remove layer"
          busyLabel="Removing…"
          onCancel={() => setDialog(null)}
          onConfirm={async () => {
            await client.call('compositor.layers.remove', { sceneId: scene.id, layerId: dialog.remove.id });
            if (selectedLayerId === dialog.remove.id) setSelectedLayerId(null);
            setDialog(null);
          }}
        >
          <p>The layer leaves {scene.name}{onProgram ? ', which is on program: it disappears from the output at once' : ''}.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

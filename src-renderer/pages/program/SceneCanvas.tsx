import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Layer } from '../../../src-main/compositor/compositor-schema';
import { CANVAS, canvasScale, canvasToScreen, CORNERS, moveBox, resizeBox, sameBox, type Box, type Corner } from './canvas-geometry';
import { LayerVisual } from './LayerVisual';
import type { VideoSource } from './video-sources';

interface SceneCanvasProps {
  /** Bottom first, with optimistic boxes already applied. */
  layers: Layer[];
  selectedLayerId: string | null;
  onSelect(layerId: string | null): void;
  /** A drag ended with a new box: store it. */
  onCommitBox(layerId: string, box: Box): void;
  /** Delete or Backspace on the canvas: ask to remove the selected layer. */
  onRemoveRequest(layer: Layer): void;
  sources: ReadonlyMap<string, VideoSource>;
  assetUrls: ReadonlyMap<string, string>;
  assetNames: ReadonlyMap<string, string>;
  layerTitle(layer: Layer): string;
}

interface Drag {
  layerId: string;
  mode: 'move' | Corner;
  pointerId: number;
  startX: number;
  startY: number;
  startBox: Box;
  box: Box;
}

function boxOf(layer: Layer): Box {
  return { x: layer.x, y: layer.y, width: layer.width, height: layer.height };
}

/**
 * The scene on a 16:9 panel at the canvas's scale: every layer drawn, the selected one with
 * corner handles. Dragging a layer moves it, a handle resizes it (Shift keeps the proportions,
 * Alt turns off snapping); the box follows the pointer and is stored on release. Arrow keys
 * nudge the selected layer (Shift: 10 px); Delete asks to remove it.
 */
export function SceneCanvas({ layers, selectedLayerId, onSelect, onCommitBox, onRemoveRequest, sources, assetUrls, assetNames, layerTitle }: SceneCanvasProps) {
  const frame = useRef<HTMLDivElement>(null);
  const [panelWidth, setPanelWidth] = useState(0);
  const [drag, setDragState] = useState<Drag | null>(null);
  // The drag as of the last event: pointer events bubble from a handle to the frame, and both must see one drag.
  const dragRef = useRef<Drag | null>(null);
  const setDrag = (next: Drag | null) => {
    dragRef.current = next;
    setDragState(next);
  };
  const scale = canvasScale(panelWidth);

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setPanelWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const shown = (layer: Layer): Box => (drag && drag.layerId === layer.id ? drag.box : boxOf(layer));
  const selected = layers.find((l) => l.id === selectedLayerId);

  function begin(event: PointerEvent, layer: Layer, mode: Drag['mode']) {
    if (event.button !== 0) return;
    event.stopPropagation();
    event.preventDefault();
    frame.current?.focus({ preventScroll: true });
    onSelect(layer.id);
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    const box = boxOf(layer);
    setDrag({ layerId: layer.id, mode, pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, startBox: box, box });
  }

  function move(event: PointerEvent) {
    const drag = dragRef.current;
    if (!drag || event.pointerId !== drag.pointerId || scale <= 0) return;
    const dx = (event.clientX - drag.startX) / scale;
    const dy = (event.clientY - drag.startY) / scale;
    const box = drag.mode === 'move' ? moveBox(drag.startBox, dx, dy, !event.altKey) : resizeBox(drag.startBox, drag.mode, dx, dy, event.shiftKey);
    if (!sameBox(box, drag.box)) setDrag({ ...drag, box });
  }

  function end(event: PointerEvent) {
    const drag = dragRef.current;
    if (!drag || event.pointerId !== drag.pointerId) return;
    setDrag(null);
    if (!sameBox(drag.box, drag.startBox)) onCommitBox(drag.layerId, drag.box);
  }

  function nudge(event: KeyboardEvent) {
    if (!selected || drag) return;
    const step = event.shiftKey ? 10 : 1;
    const delta = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[event.key];
    if (!delta) {
      if (event.key === 'Escape') onSelect(null);
      if (event.key === 'Delete' || event.key === 'Backspace') {
        event.preventDefault();
        onRemoveRequest(selected);
      }
      return;
    }
    event.preventDefault();
    const box = moveBox(boxOf(selected), delta[0] ?? 0, delta[1] ?? 0, false);
    if (!sameBox(box, boxOf(selected))) onCommitBox(selected.id, box);
  }

  const handlers = { onPointerMove: move, onPointerUp: end, onPointerCancel: end };

  return (
    <div
      className={`scene-canvas${drag ? ' dragging' : ''}`}
      ref={frame}
      tabIndex={0}
      role="application"
      aria-label="Scene canvas: drag a layer to move it, drag a corner to resize it, arrow keys nudge the selected layer"
      onPointerDown={(event) => {
        if (event.target === event.currentTarget) onSelect(null);
      }}
      onKeyDown={nudge}
      data-testid="scene-canvas"
      data-scale={scale.toFixed(4)}
    >
      {scale > 0 &&
        layers.map((layer, index) => {
          const box = canvasToScreen(shown(layer), scale);
          if (!layer.visible && layer.id !== selectedLayerId) return null;
          return (
            <div
              key={layer.id}
              className={`canvas-layer kind-${layer.kind}${layer.visible ? '' : ' hidden-layer'}`}
              style={{ left: box.x, top: box.y, width: box.width, height: box.height, zIndex: index + 1, opacity: layer.visible ? layer.opacity : 0.3 }}
              onPointerDown={(event) => begin(event, layer, 'move')}
              {...handlers}
              title={layerTitle(layer)}
              data-testid="canvas-layer"
              data-layer-id={layer.id}
              data-kind={layer.kind}
            >
              <LayerVisual
                layer={layer}
                scale={scale}
                source={layer.kind === 'video' ? sources.get(layer.sourceId) : undefined}
                assetUrl={layer.kind === 'image' ? assetUrls.get(layer.assetId) : undefined}
                assetName={layer.kind === 'image' ? assetNames.get(layer.assetId) : undefined}
              />
            </div>
          );
        })}
      {selected && scale > 0 && (
        <SelectionFrame
          box={canvasToScreen(shown(selected), scale)}
          canvasBox={shown(selected)}
          hidden={!selected.visible}
          onMove={(event) => begin(event, selected, 'move')}
          onResize={(event, corner) => begin(event, selected, corner)}
          handlers={handlers}
        />
      )}
      {layers.length === 0 && <p className="canvas-empty">Empty scene: add a layer above.</p>}
    </div>
  );
}

/** Where the geometry label fits: above the box, else below it, else inside it. */
function labelPlace(box: Box): 'above' | 'below' | 'inside' {
  if (box.y >= 60) return 'above';
  if (box.y + box.height <= CANVAS.height - 60) return 'below';
  return 'inside';
}

interface SelectionFrameProps {
  box: Box;
  canvasBox: Box;
  hidden: boolean;
  onMove(event: PointerEvent): void;
  onResize(event: PointerEvent, corner: Corner): void;
  handlers: { onPointerMove(e: PointerEvent): void; onPointerUp(e: PointerEvent): void; onPointerCancel(e: PointerEvent): void };
}

/** The selected layer's outline above every layer (so it can be grabbed even when covered), its handles and its geometry. */
function SelectionFrame({ box, canvasBox, hidden, onMove, onResize, handlers }: SelectionFrameProps) {
  return (
    <div
      className={`selection-frame${hidden ? ' hidden-layer' : ''}`}
      style={{ left: box.x, top: box.y, width: box.width, height: box.height }}
      onPointerDown={onMove}
      {...handlers}
      data-testid="selection-frame"
    >
      {CORNERS.map((corner) => (
        <span
          key={corner}
          className={`resize-handle ${corner}`}
          onPointerDown={(event) => onResize(event, corner)}
          {...handlers}
          data-testid={`resize-${corner}`}
          aria-hidden="true"
        />
      ))}
      <span className={`selection-geometry ${labelPlace(canvasBox)}`} data-testid="selection-geometry">
        {canvasBox.x}, {canvasBox.y} · {canvasBox.width}×{canvasBox.height}
        {hidden ? ' · hidden' : ''}
      </span>
    </div>
  );
}

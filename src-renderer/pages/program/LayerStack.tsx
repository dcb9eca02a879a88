import type { Layer } from '../../../src-main/compositor/compositor-schema';
import { kindLabel } from './layer-kinds';
import { stackPosition, type StackMove } from './layer-order';
import { StrokeIcon } from '../../components/StrokeIcon';

interface LayerStackProps {
  /** Bottom first, as the engine keeps them. */
  layers: Layer[];
  selectedLayerId: string | null;
  busy: boolean;
  onSelect(layerId: string): void;
  onMove(layerId: string, move: StackMove): void;
  onToggleVisible(layer: Layer): void;
  onRemove(layer: Layer): void;
  /** Start (now) or reset a countdown layer. */
  onCountdown(layer: Layer, start: boolean): void;
  layerTitle(layer: Layer): string;
}

/** The scene's layers top first, as a stack is seen: select, show/hide, bring forward or send back, remove. */
export function LayerStack({ layers, selectedLayerId, busy, onSelect, onMove, onToggleVisible, onRemove, onCountdown, layerTitle }: LayerStackProps) {
  const topFirst = layers.map((layer, index) => ({ layer, index })).reverse();
  return (
    <ol className="row-list" aria-label="Layers, top first" data-testid="layer-stack">
      {topFirst.map(({ layer, index }) => {
        const { canGoForward, canGoBackward } = stackPosition(index, layers.length);
        const title = layerTitle(layer);
        return (
          <li
            key={layer.id}
            className={`layer-row${layer.id === selectedLayerId ? ' selected' : ''}${layer.visible ? '' : ' is-hidden'}`}
            data-testid="layer-row"
            data-layer-id={layer.id}
            data-kind={layer.kind}
            data-visible={layer.visible}
          >
            <button
              type="button"
              className={`icon-button visibility-toggle${layer.visible ? ' on' : ''}`}
              aria-pressed={layer.visible}
              aria-label={layer.visible ? `Hide ${title}` : `Show ${title}`}
              title={layer.visible ? 'Visible: click to hide' : 'Hidden: click to show'}
              onClick={() => onToggleVisible(layer)}
              data-testid="layer-visibility"
            >
              {layer.visible ? (
                <StrokeIcon name="shown" />
              ) : (
                <StrokeIcon name="hidden" />
              )}
            </button>
            <button type="button" className="layer-choose bare-button" onClick={() => onSelect(layer.id)} data-testid="layer-choose">
              <span className={`kind-chip kind-${layer.kind}`}>{kindLabel(layer.kind)}</span>
              <span className="truncate">{title}</span>
            </button>
            <span className="layer-actions">
              {layer.kind === 'countdown' && (
                <button
                  type="button"
                  className={`button small countdown-quick${layer.startedAt ? '' : ' primary'}`}
                  disabled={busy}
                  onClick={() => onCountdown(layer, layer.startedAt === null)}
                  title={layer.startedAt ? 'Stop and show the full duration again' : 'Start counting down now'}
                  data-testid="layer-countdown"
                >
                  {layer.startedAt ? 'Reset' : 'Start'}
                </button>
              )}
              <button type="button" className="icon-button" aria-label={`Bring ${title} forward`} title="Bring forward" disabled={busy || !canGoForward} onClick={() => onMove(layer.id, 'forward')} data-testid="layer-forward">
                <StrokeIcon name="forward" />
              </button>
              <button type="button" className="icon-button" aria-label={`Send ${title} backward`} title="Send backward" disabled={busy || !canGoBackward} onClick={() => onMove(layer.id, 'backward')} data-testid="layer-backward">
                <StrokeIcon name="backward" />
              </button>
              <button type="button" className="icon-button danger" aria-label={`Remove ${title}`} title="Remove layer" onClick={() => onRemove(layer)} data-testid="layer-remove">
                <StrokeIcon name="remove" />
              </button>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

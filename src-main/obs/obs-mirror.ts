import type { ObsInput, ObsMirror, ObsOutputStatus, ObsScene, ObsSceneItem, ObsStats } from './obs-types';

/** Pure helpers that build and update the mirror of OBS's state from its answers and events. */

export function emptyOutput(): ObsOutputStatus {
  return { active: false, transition: null, paused: false, timecode: null, durationMs: null, bytes: null, skippedFrames: null, totalFrames: null, reconnecting: false, lastFile: null };
}

export function emptyMirror(): ObsMirror {
  return { sceneCollection: null, programScene: null, previewScene: null, studioMode: false, scenes: [], inputs: [], stream: emptyOutput(), record: emptyOutput(), stats: null };
}

type Json = Record<string, unknown>;

/** GetSceneList lists scenes bottom-up (sceneIndex 0 is the last in OBS's UI): show them as OBS does. */
export function sceneNamesTopDown(scenes: readonly Json[]): string[] {
  return [...scenes].sort((a, b) => Number(b.sceneIndex) - Number(a.sceneIndex)).map((s) => String(s.sceneName));
}

/** GetSceneItemList, top of the scene first. */
export function toSceneItems(items: readonly Json[]): ObsSceneItem[] {
  return items
    .map((item) => ({
      id: Number(item.sceneItemId),
      sourceName: String(item.sourceName),
      inputKind: typeof item.inputKind === 'string' ? item.inputKind : null,
      enabled: Boolean(item.sceneItemEnabled),
      index: Number(item.sceneItemIndex),
    }))
    .sort((a, b) => b.index - a.index);
}

/** OBS reports -inf as a very large negative number or null: clamp to the fader's floor. */
export function toDb(value: unknown): number | null {
  if (typeof value !== 'number' || Number.isNaN(value)) return null;
  return Math.max(-100, Math.round(value * 10) / 10);
}

/** Output state names from StreamStateChanged / RecordStateChanged. */
export function applyOutputState(output: ObsOutputStatus, event: { outputActive: boolean; outputState: string; outputPath?: string | null }): ObsOutputStatus {
  const transition = event.outputState === 'OBS_WEBSOCKET_OUTPUT_STARTING' ? 'starting' : event.outputState === 'OBS_WEBSOCKET_OUTPUT_STOPPING' ? 'stopping' : null;
  const reconnecting = event.outputState === 'OBS_WEBSOCKET_OUTPUT_RECONNECTING';
  const paused = event.outputState === 'OBS_WEBSOCKET_OUTPUT_PAUSED' ? true : event.outputState === 'OBS_WEBSOCKET_OUTPUT_RESUMED' ? false : output.paused;
  const stopped = event.outputState === 'OBS_WEBSOCKET_OUTPUT_STOPPED';
  return {
    ...output,
    active: event.outputActive,
    transition,
    reconnecting,
    paused: stopped ? false : paused,
    ...(stopped ? { timecode: null, durationMs: null, bytes: null } : {}),
    lastFile: stopped && event.outputPath ? event.outputPath : output.lastFile,
  };
}

/** GetStreamStatus / GetRecordStatus answers, merged into the output's status. */
export function applyOutputPoll(output: ObsOutputStatus, status: Json, kind: 'stream' | 'record'): ObsOutputStatus {
  const active = Boolean(status.outputActive);
  return {
    ...output,
    active,
    paused: kind === 'record' ? Boolean(status.outputPaused) : false,
    reconnecting: kind === 'stream' ? Boolean(status.outputReconnecting) : false,
    timecode: active && typeof status.outputTimecode === 'string' ? status.outputTimecode : null,
    durationMs: active && typeof status.outputDuration === 'number' ? status.outputDuration : null,
    bytes: active && typeof status.outputBytes === 'number' ? status.outputBytes : null,
    skippedFrames: kind === 'stream' && typeof status.outputSkippedFrames === 'number' ? status.outputSkippedFrames : null,
    totalFrames: kind === 'stream' && typeof status.outputTotalFrames === 'number' ? status.outputTotalFrames : null,
    // A poll answer is the truth: a transition it contradicts is over.
    transition: output.transition === 'starting' && active ? null : output.transition === 'stopping' && !active ? null : output.transition,
  };
}

export function toStats(stats: Json): ObsStats {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    activeFps: Math.round(num(stats.activeFps) * 100) / 100,
    cpuPercent: Math.round(num(stats.cpuUsage) * 10) / 10,
    memoryMb: Math.round(num(stats.memoryUsage) * 10) / 10,
    renderSkippedFrames: num(stats.renderSkippedFrames),
    renderTotalFrames: num(stats.renderTotalFrames),
    outputSkippedFrames: num(stats.outputSkippedFrames),
    outputTotalFrames: num(stats.outputTotalFrames),
    averageFrameRenderMs: Math.round(num(stats.averageFrameRenderTime) * 100) / 100,
    diskSpaceMb: typeof stats.availableDiskSpace === 'number' ? Math.round(stats.availableDiskSpace) : null,
  };
}

export function setItemEnabled(scenes: readonly ObsScene[], sceneName: string, itemId: number, enabled: boolean): ObsScene[] {
  return scenes.map((scene) =>
    scene.name === sceneName ? { ...scene, items: scene.items.map((item) => (item.id === itemId ? { ...item, enabled } : item)) } : scene,
  );
}

export function updateInput(inputs: readonly ObsInput[], name: string, change: Partial<ObsInput>): ObsInput[] {
  return inputs.map((input) => (input.name === name ? { ...input, ...change } : input));
}

/** InputVolumeMeters: `inputLevelsMul` is per channel [magnitude, peak, input peak] as multipliers. */
export function meterLevels(levelsMul: unknown): { peakDb: number[]; levelDb: number[] } {
  const channels = Array.isArray(levelsMul) ? levelsMul : [];
  const db = (mul: unknown) => (typeof mul === 'number' && mul > 0 ? Math.max(-100, Math.round(20 * Math.log10(mul) * 10) / 10) : -100);
  return {
    levelDb: channels.map((c) => db(Array.isArray(c) ? c[0] : 0)),
    peakDb: channels.map((c) => db(Array.isArray(c) ? c[1] : 0)),
  };
}

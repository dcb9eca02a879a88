import { describe, expect, it } from 'vitest';
import { applyOutputPoll, applyOutputState, emptyMirror, emptyOutput, meterLevels, sceneNamesTopDown, setItemEnabled, toDb, toSceneItems, toStats } from '../../../src-main/obs/obs-mirror';
import { batchRequests } from '../../../src-main/obs/obs-batch';
import { verifyFeedTicket, hashSecret } from '../../../src-main/obs/obs-feeds';
import type { ApiError } from '../../../src-main/api/errors';
import type { ObsMirror } from '../../../src-main/obs/obs-types';

describe('mirror mapping', () => {
  it('lists scenes and items top-down as OBS shows them', () => {
    expect(sceneNamesTopDown([{ sceneIndex: 0, sceneName: 'Bottom' }, { sceneIndex: 2, sceneName: 'Top' }, { sceneIndex: 1, sceneName: 'Middle' }])).toEqual(['Top', 'Middle', 'Bottom']);
    const items = toSceneItems([
      { sceneItemId: 4, sourceName: 'Back', inputKind: 'color_source_v3', sceneItemEnabled: true, sceneItemIndex: 0 },
      { sceneItemId: 7, sourceName: 'Nested', inputKind: null, sceneItemEnabled: false, sceneItemIndex: 1 },
    ]);
    expect(items).toEqual([
      { id: 7, sourceName: 'Nested', inputKind: null, enabled: false, index: 1 },
      { id: 4, sourceName: 'Back', inputKind: 'color_source_v3', enabled: true, index: 0 },
    ]);
    const scenes = setItemEnabled([{ name: 'A', items }], 'A', 4, false);
    expect(scenes[0]!.items.find((i) => i.id === 4)!.enabled).toBe(false);
  });

  it('clamps silence to -100 dB and rounds to a tenth', () => {
    expect(toDb(-Infinity)).toBe(-100);
    expect(toDb(-6.0206)).toBe(-6);
    expect(toDb('x')).toBeNull();
    expect(meterLevels([[0.5, 1, 1], [0, 0, 0]])).toEqual({ levelDb: [-6, -100], peakDb: [0, -100] });
  });

  it('follows an output through its state events', () => {
    let rec = applyOutputState(emptyOutput(), { outputActive: false, outputState: 'OBS_WEBSOCKET_OUTPUT_STARTING' });
    expect(rec.transition).toBe('starting');
    rec = applyOutputState(rec, { outputActive: true, outputState: 'OBS_WEBSOCKET_OUTPUT_STARTED' });
    expect(rec).toMatchObject({ active: true, transition: null });
    rec = applyOutputPoll(rec, { outputActive: true, outputTimecode: '00:00:03.100', outputDuration: 3100, outputBytes: 4096, outputPaused: false }, 'record');
    expect(rec).toMatchObject({ timecode: '00:00:03.100', bytes: 4096, durationMs: 3100 });
    rec = applyOutputState(rec, { outputActive: false, outputState: 'OBS_WEBSOCKET_OUTPUT_STOPPED', outputPath: '/rec/a.mkv' });
    expect(rec).toMatchObject({ active: false, timecode: null, bytes: null, lastFile: '/rec/a.mkv' });
  });

  it('maps GetStats', () => {
    expect(toStats({ activeFps: 29.9999, cpuUsage: 12.345, memoryUsage: 200.04, renderSkippedFrames: 2, outputSkippedFrames: 1, availableDiskSpace: 1000.4 })).toMatchObject({
      activeFps: 30,
      cpuPercent: 12.3,
      memoryMb: 200,
      renderSkippedFrames: 2,
      outputSkippedFrames: 1,
      diskSpaceMb: 1000,
    });
  });
});

describe('batchRequests', () => {
  const mirror: ObsMirror = {
    ...emptyMirror(),
    scenes: [{ name: 'Main', items: [{ id: 3, sourceName: 'Cam', inputKind: 'ffmpeg_source', enabled: true, index: 0 }] }],
    inputs: [
      { name: 'Mic', kind: 'pulse_input_capture', muted: false, volumeDb: 0 },
      { name: 'Card', kind: 'color_source_v3', muted: null, volumeDb: null },
    ],
  };

  it('translates operations, counting scenes created earlier in the batch', () => {
    expect(
      batchRequests('OBS', mirror, [
        { op: 'createScene', scene: 'New' },
        { op: 'setProgramScene', scene: 'New' },
        { op: 'setInputVolume', input: 'Mic', volumeDb: -6 },
        { op: 'setSceneItemEnabled', scene: 'Main', itemId: 3, enabled: false },
      ]),
    ).toEqual([
      { requestType: 'CreateScene', requestData: { sceneName: 'New' } },
      { requestType: 'SetCurrentProgramScene', requestData: { sceneName: 'New' } },
      { requestType: 'SetInputVolume', requestData: { inputName: 'Mic', inputVolumeDb: -6 } },
      { requestType: 'SetSceneItemEnabled', requestData: { sceneName: 'Main', sceneItemId: 3, sceneItemEnabled: false } },
    ]);
  });

  it('refuses unknown names, naming the operation and the thing', () => {
    const refuse = (ops: Parameters<typeof batchRequests>[2]) => {
      try {
        batchRequests('Show', mirror, ops);
      } catch (err) {
        return err as ApiError;
      }
      throw new Error('not refused');
    };
    expect(refuse([{ op: 'setProgramScene', scene: 'Main' }, { op: 'setProgramScene', scene: 'Nope' }]).message).toBe('operation 2: OBS “Show” has no scene “Nope”');
    expect(refuse([{ op: 'setInputMute', input: 'Ghost', muted: true }]).code).toBe('not_found');
    expect(refuse([{ op: 'setInputMute', input: 'Card', muted: true }]).message).toContain('has no audio');
    expect(refuse([{ op: 'setPreviewScene', scene: 'Main' }]).code).toBe('conflict');
    expect(refuse([{ op: 'createScene', scene: 'Main' }]).code).toBe('conflict');
    expect(refuse([{ op: 'setSceneItemEnabled', scene: 'Main', itemId: 99, enabled: true }]).message).toContain('no item 99');
  });

  it('allows a preview once the same batch turned studio mode on', () => {
    expect(batchRequests('OBS', mirror, [{ op: 'setStudioMode', enabled: true }, { op: 'setPreviewScene', scene: 'Main' }, { op: 'triggerTransition' }])).toHaveLength(3);
  });
});

describe('feed credentials', () => {
  const salt = '00112233445566778899aabbccddeeff';
  const secret = 'A'.repeat(32);
  const feed = { id: 'a1b2c3d4e5f6', sourceId: 'cam1', connectionId: 'c', sceneName: 's', inputName: 'i', salt, hash: hashSecret(salt, secret), createdAt: '', lastUsedAt: null };

  it('accepts the credential only for its own source', () => {
    expect(verifyFeedTicket([feed], 'cam1', `feed.a1b2c3d4e5f6.${secret}`)).toBe(true);
    expect(verifyFeedTicket([feed], 'cam2', `feed.a1b2c3d4e5f6.${secret}`)).toBe(false);
    expect(verifyFeedTicket([feed], 'cam1', `feed.a1b2c3d4e5f6.${'B'.repeat(32)}`)).toBe(false);
    expect(verifyFeedTicket([], 'cam1', `feed.a1b2c3d4e5f6.${secret}`)).toBe(false);
    expect(verifyFeedTicket([feed], 'cam1', 'garbage')).toBe(false);
  });
});

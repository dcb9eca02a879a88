import { describe, expect, it } from 'vitest';
import { draftToPatch, isColor, offCanvasErrors, splitEngineErrors, withPickedRgb } from '../../../../src-renderer/pages/program/layer-patch';

describe('properties draft → layer patch', () => {
  it('parses whole numbers, opacity in percent and passes other fields through', () => {
    expect(draftToPatch({ x: '120', fontSize: ' 64 ', opacityPercent: '55', text: 'Hello', background: null, bold: true })).toEqual({
      patch: { x: 120, fontSize: 64, opacity: 0.55, text: 'Hello', background: null, bold: true },
      errors: {},
    });
  });

  it('names the fields that are not numbers, and sends nothing for them', () => {
    const { patch, errors } = draftToPatch({ x: '12.5', width: '', opacityPercent: '150', y: '3' });
    expect(errors).toEqual({ x: 'enter a whole number', width: 'enter a whole number', opacity: 'enter 0 to 100 %' });
    expect(patch).toEqual({ y: 3 });
  });

  it('refuses an empty name', () => {
    expect(draftToPatch({ name: '  ' }).errors.name).toMatch(/at least one character/);
    expect(draftToPatch({ name: ' Logo ' }).patch).toEqual({ name: 'Logo' });
  });
});

describe("the engine's messages per field", () => {
  const fields = ['font', 'x', 'text', 'width'];

  it('splits field messages (with or without a patch. prefix) from the rest', () => {
    const { byField, other } = splitEngineErrors('patch.font: font "Nope" does not exist; x: layer outside the frame; the scene is gone', fields);
    expect(byField).toEqual({ font: 'font "Nope" does not exist', x: 'layer outside the frame' });
    expect(other).toEqual(['The scene is gone']);
  });

  it('drops the patch: prefix of a message about the whole layer, and marks the geometry being changed', () => {
    const message = 'patch: the layer (x 1950, y 120, 960×120) lies entirely outside the 1920×1080 canvas';
    expect(splitEngineErrors(message, fields).other).toEqual(['The layer (x 1950, y 120, 960×120) lies entirely outside the 1920×1080 canvas']);
    expect(offCanvasErrors(message, { x: '1950', text: 'a' })).toEqual({ x: 'puts the layer off the canvas' });
    expect(offCanvasErrors('font: no such font', { x: '1950' })).toEqual({});
  });

  it('leaves a message naming no known field whole', () => {
    expect(splitEngineErrors('layer outside the frame', fields)).toEqual({ byField: {}, other: ['Layer outside the frame'] });
    expect(splitEngineErrors('sourceId: no such source', fields).other).toEqual(['SourceId: no such source']);
  });
});

describe('colours', () => {
  it('accepts #rrggbb and #rrggbbaa only', () => {
    expect(isColor('#1d4ed8')).toBe(true);
    expect(isColor('#1d4ed8e6')).toBe(true);
    expect(isColor('1d4ed8')).toBe(false);
    expect(isColor('#1d4')).toBe(false);
  });

  it('keeps the alpha when a colour picker gives a new #rrggbb', () => {
    expect(withPickedRgb('#1d4ed8e6', '#ff0000')).toBe('#ff0000e6');
    expect(withPickedRgb('#1d4ed8', '#ff0000')).toBe('#ff0000');
    expect(withPickedRgb('', '#00ff00')).toBe('#00ff00');
  });
});

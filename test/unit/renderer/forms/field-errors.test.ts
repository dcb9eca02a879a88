import { describe, expect, it } from 'vitest';
import { splitFieldErrors } from '../../../../src-renderer/hooks/field-errors';

describe('the engine message split by field', () => {
  const fields = ['url', 'key'] as const;

  it('puts each named field message next to its field, nested paths under their first part', () => {
    expect(splitFieldErrors('url: must name a host; key.value: must not be empty', fields)).toEqual({
      byField: { url: 'must name a host', key: 'must not be empty' },
      other: [],
    });
  });

  it('joins two messages for one field and keeps the rest apart', () => {
    expect(splitFieldErrors('url: too long; url: must name a host; the source is gone; name: taken', fields)).toEqual({
      byField: { url: 'too long; must name a host' },
      other: ['the source is gone', 'name: taken'],
    });
  });
});

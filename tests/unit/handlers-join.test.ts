// The handler table is joined from every module's part; a method two modules define must not
// silently take whichever comes later.
import { describe, expect, it } from 'vitest';
import { joinParts } from '../../src-main/api/handlers.js';

describe('joining the modules\' handlers', () => {
  it('keeps every part\'s methods', () => {
    const a = () => 'a';
    const b = () => 'b';
    expect(joinParts({ 'x.a': a }, { 'x.b': b })).toEqual({ 'x.a': a, 'x.b': b });
  });

  it('refuses a method that two modules define', () => {
    expect(() => joinParts({ 'entries.get': () => 1 }, { 'entries.list': () => 2 }, { 'entries.get': () => 3 })).toThrow(
      'API method entries.get is defined by two modules',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ancestorsOf, childCode, isAreaCode, levelOf, nextPrefix, normaliseScopes, parentOf, trimStatCode } from './area-code';

describe('area codes', () => {
  it.each([
    ['62', 'province'],
    ['6205', 'city'],
    ['620523', 'county'],
    ['620523101', 'town'],
    ['620523101201', 'village'],
    ['620523101201001', 'grid'],
    ['620523101201001002', 'microgrid'],
  ])('%s is a %s', (code, level) => {
    expect(levelOf(code)).toBe(level);
    expect(isAreaCode(code)).toBe(true);
  });

  it('rejects codes of no level', () => {
    for (const c of ['', '6', '620', '62052310', 'abcdef', '62052310120100']) expect(isAreaCode(c)).toBe(false);
    expect(() => levelOf('620')).toThrow();
  });

  it('trims 12-digit statistical codes to their level', () => {
    expect(trimStatCode('620000000000')).toBe('62');
    expect(trimStatCode('620500000000')).toBe('6205');
    expect(trimStatCode('620523000000')).toBe('620523');
    expect(trimStatCode('620523101000')).toBe('620523101');
    expect(trimStatCode('620523101201')).toBe('620523101201');
  });

  it('finds parents and ancestors by prefix', () => {
    expect(parentOf('620523101201001')).toBe('620523101201');
    expect(parentOf('620523101')).toBe('620523');
    expect(parentOf('62')).toBeNull();
    expect(ancestorsOf('620523101201001')).toEqual(['62', '6205', '620523', '620523101', '620523101201']);
  });

  it('gives the upper bound of a prefix range', () => {
    expect(nextPrefix('620523')).toBe('620524');
    expect(nextPrefix('62059')).toBe('6205:');
    // every code under the prefix sorts below the bound, the next sibling does not
    for (const code of ['620523', '620523999999999999', '6205230']) expect(code < nextPrefix('620523')).toBe(true);
    expect('620524' < nextPrefix('620523')).toBe(false);
  });

  it('drops scopes covered by a wider one', () => {
    expect(normaliseScopes(['620523101', '620523', '150981109', '620523'])).toEqual(['150981109', '620523']);
  });

  it('numbers children at the child level', () => {
    expect(childCode('620523101201', 7)).toBe('620523101201007');
    expect(childCode('620523101201007', 12)).toBe('620523101201007012');
  });
});

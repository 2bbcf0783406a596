import { describe, expect, it } from 'vitest';
import { idCardCheckDigit, makeIdCard, maskIdCard, maskPhone, validateIdCard } from './id-card';

describe('身份证号 (GB 11643)', () => {
  it('computes the ISO 7064 MOD 11-2 check digit', () => {
    // the standard's own example
    expect(idCardCheckDigit('11010519491231002')).toBe('X');
    expect(validateIdCard('11010519491231002X')).toBeNull();
    expect(validateIdCard('11010519491231002x')).toBeNull();
  });

  it('rejects a wrong check digit, a bad format and an impossible birth date', () => {
    expect(validateIdCard('110105194912310021')).toBe('checkDigit');
    expect(validateIdCard('1101051949123100')).toBe('format');
    expect(validateIdCard(makeIdCard('620523', '20230230', 1))).toBe('birthDate');
    expect(validateIdCard(makeIdCard('620523', '18991231', 1))).toBe('birthDate');
    expect(validateIdCard(makeIdCard('620523', '20300101', 1), new Date('2026-11-23'))).toBe('birthDate');
  });

  it('accepts generated demo numbers, including 29 February of a leap year', () => {
    expect(validateIdCard(makeIdCard('620523', '19880229', 17))).toBeNull();
    for (let i = 0; i < 200; i++) expect(validateIdCard(makeIdCard('150981', '19700101', i))).toBeNull();
  });

  it('masks for display', () => {
    expect(maskIdCard('620523198802291234')).toBe('620523********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

import { describe, expect, it } from 'vitest';
import { INTEGER_INCRS, uniqueLabels } from './chart-scale.ts';

describe('chart axes', () => {
  it('blanks repeated labels and steps counts by whole numbers', () => {
    expect(uniqueLabels(['0', '1', '1'])).toEqual(['0', '1', '']);
    expect(uniqueLabels(['0', '0.5', '1'])).toEqual(['0', '0.5', '1']);
    expect(INTEGER_INCRS.slice(0, 4)).toEqual([1, 2, 5, 10]);
    expect(INTEGER_INCRS.every(Number.isInteger)).toBe(true);
  });
});

/**
 * Axis rules of the dashboard's charts (uPlot), pure so they are tested without a canvas.
 */

/** Whole-number tick steps for counts: 1, 2, 5, 10, 20, 50, … */
export const INTEGER_INCRS: number[] = Array.from({ length: 10 }, (_, e) => [1, 2, 5].map((m) => m * 10 ** e)).flat();

/**
 * Tick labels with a repeat blanked (a label equal to the one before it says nothing new), so
 * a formatter that rounds never shows "0, 1, 1".
 */
export function uniqueLabels(labels: string[]): string[] {
  return labels.map((l, i) => (i > 0 && l === labels[i - 1] ? '' : l));
}

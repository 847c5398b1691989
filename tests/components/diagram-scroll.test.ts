// Where the diagram's panel scrolls after an edit (issue 11, item 3): the path when it fits,
// the mark otherwise, with the path leading to it in the rest of the panel.
import { describe, expect, it } from 'vitest';
import { SCROLL_MARGIN as M, scrollTopFor } from '../../src/components/diagram/scroll.ts';

describe('scrollTopFor', () => {
  it('centres a path that fits but is cut off, so that its top shows', () => {
    // A 150 px path from 200 to 350 in a 200 px panel scrolled to the mark at the bottom.
    const top = scrollTopFor({ top: 200, bottom: 350 }, { top: 320, bottom: 350 }, 280, 200)!;
    expect(top).toBe(175);
    expect(top).toBeLessThanOrEqual(200 - M);
    expect(top + 200).toBeGreaterThanOrEqual(350 + M);
  });

  it('centres a path that fits only without the margins', () => {
    expect(scrollTopFor({ top: 300, bottom: 495 }, { top: 470, bottom: 495 }, 400, 200)).toBe(298);
  });

  it('leaves a panel that already shows the whole path where it is', () => {
    expect(scrollTopFor({ top: 200, bottom: 350 }, { top: 320, bottom: 350 }, 160, 200)).toBeUndefined();
  });

  it('shows the mark at the bottom with the path above it when the path does not fit', () => {
    // The path runs from 0 down to a mark at 480..510; the panel holds 200 px.
    expect(scrollTopFor({ top: 0, bottom: 510 }, { top: 480, bottom: 510 }, 0, 200)).toBe(510 + M - 200);
  });

  it('shows the mark at the top with the path below it when the path runs down from the mark', () => {
    // Lesson 9: the flow goes up from the ASE to the endpoint at the top, where it is stopped.
    expect(scrollTopFor({ top: 40, bottom: 600 }, { top: 40, bottom: 70 }, 300, 200)).toBe(40 - M);
  });

  it('never scrolls above the top', () => {
    expect(scrollTopFor({ top: 2, bottom: 60 }, undefined, 100, 200)).toBe(0);
  });
});

/**
 * Chromium lays out no box taller than 2^25 px (33,554,432): a chat of a million messages at ~76 px
 * a row (76 M px) would be cut off, its newest half out of reach of the scrollbar. So the timeline's
 * canvas is at most MAX_CANVAS_PX tall and the list works in VIRTUAL pixels (the rows' own offsets),
 * shown through a SHIFT: physical scrollTop = virtual top − shift, a row is drawn at its virtual
 * offset − shift (docs/platform-facts.md §5.1).
 *
 * - Small moves (wheel, keys, a page) keep the shift: the content moves pixel for pixel.
 * - A large move of the scrollbar (a drag, a click in the track) is read proportionally: the thumb at
 *   40 % of the track shows the row 40 % down the chat.
 * - When the thumb has drifted from where the proportional map puts it (it moves slower than the
 *   content under a kept shift), or it nears an edge of the track while the content does not, the
 *   shift is re-derived from the proportional map: the content stays where it is and the thumb moves
 *   to its proportional place, so both ends of the chat stay reachable.
 *
 * A list that fits (virtual height ≤ MAX_CANVAS_PX) always has shift 0: virtual = physical.
 */
export const MAX_CANVAS_PX = 15_000_000;

export interface ScrollSpace {
  /** Virtual height of the whole list. */
  full: number;
  /** Viewport height. */
  viewport: number;
}

/** The canvas's physical height. */
export function canvasHeight(space: ScrollSpace): number {
  return Math.min(space.full, MAX_CANVAS_PX);
}

/** Largest scrollTop, virtual and physical. */
function ranges(space: ScrollSpace): { virtual: number; physical: number } {
  return {
    virtual: Math.max(0, space.full - space.viewport),
    physical: Math.max(0, canvasHeight(space) - space.viewport),
  };
}

/** Where the proportional map puts the thumb for a virtual top. */
export function proportionalPhysical(space: ScrollSpace, virtualTop: number): number {
  const { virtual, physical } = ranges(space);
  if (virtual <= 0) return 0;
  return (Math.max(0, Math.min(virtual, virtualTop)) / virtual) * physical;
}

/** The virtual top the proportional map reads from a thumb position. */
export function proportionalVirtual(space: ScrollSpace, physicalTop: number): number {
  const { virtual, physical } = ranges(space);
  if (physical <= 0) return 0;
  return (Math.max(0, Math.min(physical, physicalTop)) / physical) * virtual;
}

/** How far the thumb may drift from its proportional place before it is put back: 2 % of the track. */
const DRIFT_SHARE = 0.02;

/**
 * The shift to draw with when the view should show `virtualTop`. The current shift is kept while it
 * works: the physical position it gives lies inside the track, within the drift allowance of the
 * proportional place, and not against an edge of the track the content is not at (the reader could
 * not scroll on). Else shift 0 (physical = virtual, as at the top of the chat) or the shift that
 * aligns both ends (as at its bottom) when either works, so the rows near the ends scroll pixel for
 * pixel; else the proportional place.
 */
export function placeShift(space: ScrollSpace, virtualTop: number, shift: number): number {
  const { virtual, physical } = ranges(space);
  if (canvasHeight(space) >= space.full) return 0;
  const top = Math.max(0, Math.min(virtual, virtualTop));
  const proportional = proportionalPhysical(space, top);
  const margin = Math.min(space.viewport * 2, physical / 4);
  const works = (candidate: number) => {
    const at = top - candidate;
    if (at < -0.5 || at > physical + 0.5) return false;
    if (Math.abs(at - proportional) > physical * DRIFT_SHARE) return false;
    const stuckAtTop = at < margin && top - at > 0.5;
    const stuckAtBottom = at > physical - margin && virtual - top - (physical - at) > 0.5;
    return !stuckAtTop && !stuckAtBottom;
  };
  for (const candidate of [shift, 0, virtual - physical]) if (works(candidate)) return candidate;
  return top - proportional;
}

/**
 * The virtual top after the reader moved the thumb from `lastPhysical` to `physicalTop` under `shift`:
 * pixel for pixel for a small move (up to three viewports), proportionally for a larger one.
 */
export function readScroll(
  space: ScrollSpace,
  physicalTop: number,
  lastPhysical: number,
  shift: number,
): number {
  if (canvasHeight(space) >= space.full) return physicalTop;
  if (Math.abs(physicalTop - lastPhysical) <= space.viewport * 3) {
    const { virtual } = ranges(space);
    return Math.max(0, Math.min(virtual, physicalTop + shift));
  }
  return proportionalVirtual(space, physicalTop);
}

import { describe, expect, it } from 'vitest';
import {
  canvasHeight,
  MAX_CANVAS_PX,
  placeShift,
  proportionalPhysical,
  proportionalVirtual,
  readScroll,
  type ScrollSpace,
} from '../../../../../../renderer/features/reading/timeline/scrollScale';

/** A million rows of ~76 px: 76 M px, more than twice what Chromium lays out (2^25 px). */
const chat: ScrollSpace = { full: 76_000_000, viewport: 800 };
const physicalMax = MAX_CANVAS_PX - chat.viewport;
const virtualMax = chat.full - chat.viewport;

/** Where a view of virtual `top` under `shift` puts the thumb. */
const thumb = (top: number, shift: number) => top - shift;

describe('scrollScale', () => {
  it('leaves a list that fits alone: shift 0, physical = virtual', () => {
    const small: ScrollSpace = { full: 7_600_000, viewport: 800 };
    expect(canvasHeight(small)).toBe(7_600_000);
    expect(placeShift(small, 5_000_000, 0)).toBe(0);
    expect(placeShift(small, 5_000_000, 123)).toBe(0);
    expect(readScroll(small, 4_000_000, 100, 0)).toBe(4_000_000);
  });

  it('caps the canvas below what Chromium can lay out', () => {
    expect(canvasHeight(chat)).toBe(MAX_CANVAS_PX);
    expect(MAX_CANVAS_PX).toBeLessThan(2 ** 25);
  });

  it('reaches both ends: the top at thumb 0, the newest rows at the bottom of the track', () => {
    const atEnd = placeShift(chat, virtualMax, 0);
    expect(thumb(virtualMax, atEnd)).toBeCloseTo(physicalMax, 3);
    const atTop = placeShift(chat, 0, atEnd);
    expect(thumb(0, atTop)).toBe(0);
    expect(proportionalVirtual(chat, physicalMax)).toBeCloseTo(virtualMax, 3);
    expect(proportionalPhysical(chat, virtualMax)).toBeCloseTo(physicalMax, 3);
  });

  it('scrolls pixel for pixel on small moves, keeping the shift', () => {
    const shift = placeShift(chat, 40_000_000, 0);
    const physical = thumb(40_000_000, shift);
    // A wheel notch up and a page down: the content moves by exactly that much.
    expect(readScroll(chat, physical - 120, physical, shift)).toBeCloseTo(40_000_000 - 120, 6);
    expect(readScroll(chat, physical + 800, physical, shift)).toBeCloseTo(40_000_800, 6);
    expect(placeShift(chat, 40_000_000 - 120, shift)).toBe(shift);
  });

  it('reads a jump of the thumb proportionally', () => {
    const shift = placeShift(chat, 10_000_000, 0);
    const from = thumb(10_000_000, shift);
    const top = readScroll(chat, physicalMax * 0.4, from, shift);
    expect(top / virtualMax).toBeCloseTo(0.4, 6);
  });

  it('puts the thumb back once it drifts more than 2% of the track from its proportional place', () => {
    let top = 20_000_000;
    let shift = placeShift(chat, top, 0);
    let resyncs = 0;
    // Scroll down a wheel notch at a time over 3 M virtual px.
    for (let step = 0; step < 25_000; step += 1) {
      const physical = thumb(top, shift);
      top = readScroll(chat, physical + 120, physical, shift);
      const next = placeShift(chat, top, shift);
      if (next !== shift) resyncs += 1;
      shift = next;
      const drift = Math.abs(thumb(top, shift) - proportionalPhysical(chat, top));
      expect(drift).toBeLessThanOrEqual(physicalMax * 0.02 + 1);
    }
    expect(top).toBeCloseTo(23_000_000, 0);
    expect(resyncs).toBeGreaterThan(0);
    expect(resyncs).toBeLessThan(10);
  });

  it('never leaves the reader against an edge of the track while rows lie beyond it', () => {
    // Scroll up from the middle a notch at a time all the way to the first row.
    let top = 5_000_000;
    let shift = placeShift(chat, top, 0);
    for (let guard = 0; top > 0 && guard < 100_000; guard += 1) {
      const physical = thumb(top, shift);
      expect(physical).toBeGreaterThanOrEqual(0);
      top = readScroll(chat, Math.max(0, physical - 120), physical, shift);
      shift = placeShift(chat, top, shift);
    }
    expect(top).toBe(0);
    expect(thumb(top, shift)).toBe(0);
    // And down to the last row.
    top = virtualMax - 2_000_000;
    shift = placeShift(chat, top, shift);
    for (let guard = 0; top < virtualMax && guard < 100_000; guard += 1) {
      const physical = thumb(top, shift);
      expect(physical).toBeLessThanOrEqual(physicalMax + 0.5);
      top = readScroll(chat, Math.min(physicalMax, physical + 120), physical, shift);
      shift = placeShift(chat, top, shift);
    }
    expect(top).toBeCloseTo(virtualMax, 3);
    expect(thumb(top, shift)).toBeCloseTo(physicalMax, 3);
  });
});

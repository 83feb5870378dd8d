"use client";

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from "react";

/**
 * A small windowing hook for chat histories (variable heights, measured after render):
 * only the rows near the viewport are mounted, with spacers standing in for the rest.
 * Heights start as an estimate and are corrected by a ResizeObserver; a row above the
 * viewport that changes height moves the scroll position by the same amount, so what the
 * agent is reading does not jump.
 */

/** Prefix sums: offsets[i] is where row i starts; offsets[count] the total height. */
export function rowOffsets(keys: readonly string[], heights: ReadonlyMap<string, number>, estimate: number): number[] {
  const offsets = new Array<number>(keys.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < keys.length; i++) offsets[i + 1] = offsets[i]! + (heights.get(keys[i]!) ?? estimate);
  return offsets;
}

/** First row whose bottom is below `y`. */
function rowAt(offsets: number[], y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1]! <= y) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo);
}

/** The rows to mount for a viewport, with `overscan` pixels above and below. */
export function visibleRange(offsets: number[], scrollTop: number, viewport: number, overscan: number): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const start = rowAt(offsets, Math.max(0, scrollTop - overscan));
  const end = Math.min(count, rowAt(offsets, scrollTop + viewport + overscan) + 1);
  return { start, end };
}

export function useVirtualRows({
  keys,
  scrollRef,
  estimate = 72,
  overscan = 900,
}: {
  keys: readonly string[];
  scrollRef: RefObject<HTMLElement | null>;
  estimate?: number;
  overscan?: number;
}) {
  const [heights, setHeights] = useState<ReadonlyMap<string, number>>(() => new Map());
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  const offsets = useMemo(() => rowOffsets(keys, heights, estimate), [keys, heights, estimate]);
  // What the resize callback needs, outside render.
  const latest = useRef({ offsets, keys, heights });
  useLayoutEffect(() => {
    latest.current = { offsets, keys, heights };
  });

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      setViewport((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
    };
    const onScroll = () => {
      frame ||= requestAnimationFrame(read);
    };
    read();
    el.addEventListener("scroll", onScroll, { passive: true });
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => {
      el.removeEventListener("scroll", onScroll);
      ro.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [scrollRef]);

  const observer = useRef<ResizeObserver | null>(null);
  const pendingRender = useRef(0);
  const measured = useRef(new Map<string, number>());
  const onResize = useRef<ResizeObserverCallback>(() => {});
  useLayoutEffect(() => {
    onResize.current = (entries) => {
      const el = scrollRef.current;
      const { offsets: at, keys: order, heights: known } = latest.current;
      let shift = 0;
      for (const entry of entries) {
        const target = entry.target as HTMLElement;
        const key = target.dataset.rowKey;
        if (!key || !target.isConnected) continue;
        const height = Math.round(entry.borderBoxSize?.[0]?.blockSize ?? target.offsetHeight);
        const old = measured.current.get(key) ?? known.get(key);
        if (old === height) continue;
        measured.current.set(key, height);
        // A row above what is on screen grew or shrank: keep the visible content still.
        const index = order.indexOf(key);
        if (el && index >= 0 && at[index + 1]! <= el.scrollTop) shift += height - (old ?? estimate);
      }
      if (el && shift !== 0) el.scrollTop += shift;
      if (measured.current.size > 0) {
        cancelAnimationFrame(pendingRender.current);
        pendingRender.current = requestAnimationFrame(() => {
          const batch = measured.current;
          measured.current = new Map();
          setHeights((prev) => new Map([...prev, ...batch]));
        });
      }
    };
  });
  useEffect(
    () => () => {
      observer.current?.disconnect();
      observer.current = null;
      cancelAnimationFrame(pendingRender.current);
    },
    [],
  );

  /** Ref for a mounted row's element (which carries data-row-key); React 19 calls the returned cleanup on unmount. */
  const measure = useCallback((el: HTMLElement | null) => {
    if (!el) return;
    const ro = (observer.current ??= new ResizeObserver((entries, o) => onResize.current(entries, o)));
    ro.observe(el);
    return () => ro.unobserve(el);
  }, []);

  const { start, end } = visibleRange(offsets, viewport.top, viewport.height, overscan);
  return {
    start,
    end,
    padTop: offsets[start] ?? 0,
    padBottom: (offsets[keys.length] ?? 0) - (offsets[end] ?? 0),
    measure,
  };
}

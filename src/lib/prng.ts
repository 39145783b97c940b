/**
 * A seeded pseudo-random generator for tests, property checks, benchmarks and the chaos run:
 * the same sequence for the same seed on every machine, so a failing case replays from the
 * seed its test logged. mulberry32 (public domain, 32-bit state): small and fast; not for
 * anything secret — keys, salts and ids use node:crypto.
 */
export type Prng = () => number;

/** A generator of floats in [0, 1) from `seed`. */
export function prng(seed: number): Prng {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

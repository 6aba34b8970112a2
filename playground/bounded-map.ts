/**
 * A Map that forgets its least recently written entry once it holds `maxEntries`, so that a
 * playground left running with many browsers never grows without bound.
 */
export type BoundedMap<V> = {
  readonly size: number;
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  /** Returns the value, which is gone afterwards. */
  take(key: string): V | undefined;
};

export function createBoundedMap<V>(maxEntries: number): BoundedMap<V> {
  const entries = new Map<string, V>();

  return {
    get size() {
      return entries.size;
    },
    get: (key) => entries.get(key),
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      const oldest = entries.keys().next();
      if (entries.size > maxEntries && !oldest.done) entries.delete(oldest.value);
    },
    take(key) {
      const value = entries.get(key);
      entries.delete(key);
      return value;
    },
  };
}

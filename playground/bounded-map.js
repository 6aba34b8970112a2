/**
 * A Map that forgets its least recently written entry once it holds `maxEntries`, so that a
 * playground left running with many browsers never grows without bound.
 * @template V
 * @param {number} maxEntries
 */
export function createBoundedMap(maxEntries) {
  /** @type {Map<string, V>} */
  const entries = new Map();

  return {
    get size() {
      return entries.size;
    },
    /** @param {string} key */
    get: (key) => entries.get(key),
    /** @param {string} key @param {V} value */
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value);
    },
    /** @param {string} key @returns {V | undefined} the value, which is gone afterwards */
    take(key) {
      const value = entries.get(key);
      entries.delete(key);
      return value;
    },
  };
}

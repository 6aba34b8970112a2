/**
 * A Map whose entries expire and whose size is capped, so that thousands of sign-ins never
 * grow memory without bound. Every entry of one store lives equally long, so insertion order
 * is expiry order: expired entries are dropped from the front on each write (no timers), and
 * when the store is full the oldest entry is evicted.
 * @template V
 */
export class ExpiringStore {
  /** @type {Map<string, { value: V, expiresAt: number }>} */
  #entries = new Map();
  #ttlMs;
  #maxSize;
  #now;

  /**
   * @param {{ ttlMs: number, maxSize: number, now: () => number }} options
   */
  constructor({ ttlMs, maxSize, now }) {
    this.#ttlMs = ttlMs;
    this.#maxSize = maxSize;
    this.#now = now;
  }

  get size() {
    return this.#entries.size;
  }

  /** @param {string} key @param {V} value @returns {number} when the entry expires (ms) */
  set(key, value) {
    this.#sweep();
    this.#entries.delete(key);
    while (this.#entries.size >= this.#maxSize) {
      this.#entries.delete(this.#entries.keys().next().value);
    }
    const expiresAt = this.#now() + this.#ttlMs;
    this.#entries.set(key, { value, expiresAt });
    return expiresAt;
  }

  /** @param {string} key @returns {V | undefined} the value, unless missing or expired */
  get(key) {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Removes the entry and returns its value if it was still valid. @param {string} key */
  take(key) {
    const value = this.get(key);
    this.#entries.delete(key);
    return value;
  }

  /** @param {string} key */
  delete(key) {
    return this.#entries.delete(key);
  }

  /** Deletes every entry whose value matches. @param {(value: V) => boolean} predicate */
  deleteWhere(predicate) {
    let count = 0;
    for (const [key, { value }] of this.#entries) {
      if (predicate(value)) {
        this.#entries.delete(key);
        count += 1;
      }
    }
    return count;
  }

  #sweep() {
    const now = this.#now();
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#entries.delete(key);
    }
  }
}

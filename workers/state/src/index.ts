/** Public API of this worker package; the worker is being implemented. */
export {}

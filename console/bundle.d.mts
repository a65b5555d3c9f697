/** Absolute path of the built console app (`vite build` writes it). */
export declare const consoleBundleDir: string

/** Replaced by the package version at build time (scripts/build.mjs). */
declare const __STS_REFRESH_VERSION__: string;

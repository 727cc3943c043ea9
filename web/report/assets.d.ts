// The page's style sheet is bundled by esbuild next to the script (scripts/build-web.mjs).
declare module '*.css';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM + data files that must be loaded from node_modules at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pino", "pino-pretty", "postgres", "undici"],
  poweredByHeader: false,
  typedRoutes: false,
};
module.exports = nextConfig;

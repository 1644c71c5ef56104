/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  poweredByHeader: false,
  // the same build id on every build: pages rendered by two builds of this file are equal
  generateBuildId: async () => "status-board-0.3.0",
};

module.exports = nextConfig;

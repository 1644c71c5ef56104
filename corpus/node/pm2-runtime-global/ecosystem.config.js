module.exports = {
  apps: [
    {
      name: "quotes",
      script: "./server.js",
      instances: 1,
      exec_mode: "fork",
      env: {
        PORT: 3000,
        CACHE_TTL: "2h",
      },
    },
  ],
};

const http = require("http");
const fs = require("fs");
const path = require("path");
const ms = require("ms");

const quotes = JSON.parse(fs.readFileSync(path.join(__dirname, "config", "quotes.json"), "utf8"));

function send(res, status, body) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body) + "\n");
}

http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === "/") {
    send(res, 200, { service: "quotes", count: quotes.length, managed: process.env.pm_id !== undefined });
  } else if (url.pathname.startsWith("/quotes/")) {
    const q = quotes[Number(url.pathname.slice(8))];
    q ? send(res, 200, q) : send(res, 404, { error: "no such quote" });
  } else if (url.pathname === "/cache") {
    send(res, 200, { maxAge: ms(process.env.CACHE_TTL || "1h") });
  } else {
    send(res, 404, { error: "not found" });
  }
}).listen(Number(process.env.PORT) || 3000);

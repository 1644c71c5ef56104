const http = require("http");
const fs = require("fs");
const path = require("path");
const ms = require("ms");

const started = Date.now();
const page = fs.readFileSync(path.join(__dirname, "public", "index.html"), "utf8");

const server = http.createServer((req, res) => {
  if (req.url === "/") {
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(page);
  } else if (req.url === "/timeout") {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end(`${ms("2 days")} ms\n`);
  } else if (req.url === "/healthz") {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end(started > 0 ? "ok\n" : "starting\n");
  } else {
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("not found\n");
  }
});

server.listen(process.env.PORT || 8080);

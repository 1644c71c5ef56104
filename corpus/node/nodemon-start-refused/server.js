require("http").createServer((q, r) => r.end("board\n")).listen(3000);

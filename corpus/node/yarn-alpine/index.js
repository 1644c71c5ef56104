const dayjs = require("dayjs"); require("http").createServer((q, r) => r.end(dayjs().format() + "\n")).listen(8080);

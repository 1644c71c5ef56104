import { createServer, ServerResponse } from "http";
import { findParcel, summary } from "./parcels";

function send(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body) + "\n");
}

const server = createServer((req, res) => {
  const path = (req.url ?? "/").split("?")[0];
  if (path === "/") {
    send(res, 200, { service: "parcel-tracker", node: process.versions.node.split(".")[0] });
  } else if (path === "/summary") {
    send(res, 200, summary());
  } else if (path.startsWith("/parcels/")) {
    const parcel = findParcel(decodeURIComponent(path.slice("/parcels/".length)));
    if (parcel) send(res, 200, parcel);
    else send(res, 404, { error: "no such parcel" });
  } else {
    send(res, 404, { error: "not found" });
  }
});

const port = Number(process.env.PORT ?? 8080);
server.listen(port, () => console.log(`parcel-tracker listening on ${port}`));

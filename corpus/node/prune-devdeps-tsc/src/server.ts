import express from "express";
import { find, inStock } from "./stock";

const app = express();

app.get("/", (_req, res) => {
  res.json({ service: "inventory", node: process.versions.node.split(".")[0] });
});

app.get("/items", (_req, res) => {
  res.json(inStock());
});

app.get("/items/:sku", (req, res) => {
  const item = find(req.params.sku);
  if (!item) {
    res.status(404).json({ error: `no item ${req.params.sku}` });
    return;
  }
  res.json(item);
});

app.listen(Number(process.env.PORT) || 8080);

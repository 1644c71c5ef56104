const express = require("express");
const { PrismaClient } = require("@prisma/client");

const prisma = new PrismaClient();
const app = express();
app.use(express.json());

app.get("/entries", async (_req, res) => {
  res.json(await prisma.entry.findMany({ orderBy: { id: "asc" } }));
});

app.post("/entries", async (req, res) => {
  const { author, message } = req.body;
  res.status(201).json(await prisma.entry.create({ data: { author, message } }));
});

app.listen(Number(process.env.PORT) || 3000);

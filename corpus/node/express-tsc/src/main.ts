import express from "express";
import { loadNotes } from "./notes";

const app = express();
const notes = loadNotes();
const port = Number(process.env.PORT ?? 3000);

app.get("/", (_req, res) => {
  res.type("text/plain").send(`notes api: ${notes.length} notes\n`);
});

app.get("/notes", (_req, res) => {
  res.json(notes);
});

app.get("/notes/:id", (req, res) => {
  const note = notes.find((n) => n.id === Number(req.params.id));
  if (!note) {
    res.status(404).json({ error: "no such note" });
    return;
  }
  res.json(note);
});

app.listen(port, () => {
  console.log(`listening on ${port}`);
});

import { readFileSync } from "fs";
import path from "path";

export interface Note {
  id: number;
  text: string;
}

// The seed notes ship beside the app, in data/ (read when the server starts).
export function loadNotes(): Note[] {
  const file = path.join(__dirname, "..", "data", "notes.json");
  return JSON.parse(readFileSync(file, "utf8")) as Note[];
}

import "./trails.css";

const trails = [
  { name: "Ridge loop", state: "open", km: 11.5 },
  { name: "Lake path", state: "muddy", km: 6.2 },
  { name: "North col", state: "closed", km: 17.0 },
];

const list = document.createElement("ul");
for (const t of trails) {
  const item = document.createElement("li");
  item.className = `trail ${t.state}`;
  item.textContent = `${t.name} (${t.km} km): ${t.state}`;
  list.append(item);
}
document.querySelector("#trails").append(list);

fetch("/release.json")
  .then((r) => r.json())
  .then((r) => { document.title = `Trail conditions ${r.release}`; })
  .catch(() => {});

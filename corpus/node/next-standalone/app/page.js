const services = [
  { name: "api", state: "up" },
  { name: "worker", state: "degraded" },
  { name: "billing", state: "up" },
];

export default function Home() {
  return (
    <main>
      <h1>Status board</h1>
      <img src="/logo.svg" alt="logo" width="32" height="32" />
      <ul>
        {services.map((s) => (
          <li key={s.name}>
            {s.name}: {s.state}
          </li>
        ))}
      </ul>
    </main>
  );
}

"""Notes kept in memory, seeded from seed.toml."""

fn main() { println!("{:?}", reqwest::blocking::get("https://example.com").map(|r| r.status())); }

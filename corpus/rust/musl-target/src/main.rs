fn main() {
    let url = std::env::args().nth(1).unwrap_or_else(|| "http://localhost:8080/healthz".to_string());
    match ureq::get(&url).call() {
        Ok(r) => println!("{} {}", url, r.status()),
        Err(e) => { eprintln!("{}: {}", url, e); std::process::exit(1) }
    }
}

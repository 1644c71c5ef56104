//! Serves a quote per path on the standard library's TcpListener. The port and a greeting come
//! from the config file named on the command line (`--config FILE`).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let config_path = args
        .iter()
        .position(|a| a == "--config")
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| "config/server.conf".to_string());
    let text = std::fs::read_to_string(&config_path).expect("cannot read the config file");
    let config = quotes::parse_config(&text);
    let get = |key: &str, default: &str| {
        config.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_else(|| default.to_string())
    };
    let port = get("port", "8080");
    let greeting = get("greeting", "hello");
    let listener = TcpListener::bind(format!("0.0.0.0:{}", port)).expect("cannot listen");
    for stream in listener.incoming().flatten() {
        let mut stream = stream;
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut request = String::new();
        if reader.read_line(&mut request).is_err() {
            continue;
        }
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) <= 2 {
                break;
            }
        }
        let path = request.split_whitespace().nth(1).unwrap_or("/");
        let (status, body) = match path {
            "/" => ("200 OK", format!("{}\n", greeting)),
            "/quote/0" => ("200 OK", format!("{}\n", quotes::QUOTES[0])),
            "/quote/1" => ("200 OK", format!("{}\n", quotes::QUOTES[1])),
            "/quote/2" => ("200 OK", format!("{}\n", quotes::QUOTES[2])),
            _ => ("404 Not Found", "no such quote\n".to_string()),
        };
        let _ = write!(
            stream,
            "HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
            status,
            body.len(),
            body
        );
    }
}

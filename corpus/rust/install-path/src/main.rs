//! A tiny HTTP server on the standard library only: `/` serves static/index.html (read at
//! run time from the working directory), `/healthz` and `/version` answer from the binary.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};

fn answer(path: &str) -> (&'static str, String) {
    match path {
        "/" => match fs::read_to_string("static/index.html") {
            Ok(page) => ("200 OK", page),
            Err(e) => ("500 Internal Server Error", format!("cannot read the page: {}\n", e)),
        },
        "/healthz" => ("200 OK", "ok\n".to_string()),
        "/version" => ("200 OK", format!("{} {}\n", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))),
        _ => ("404 Not Found", "not found\n".to_string()),
    }
}

fn serve(mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? <= 2 {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let (status, body) = answer(&path);
    write!(
        stream,
        "HTTP/1.1 {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        status,
        body.len(),
        body
    )
}

fn main() {
    let port = std::env::var("PORT").unwrap_or_else(|_| "8080".to_string());
    let listener = TcpListener::bind(format!("0.0.0.0:{}", port)).expect("cannot listen");
    println!("listening on {}", port);
    for stream in listener.incoming().flatten() {
        if let Err(e) = serve(stream) {
            eprintln!("request failed: {}", e);
        }
    }
}

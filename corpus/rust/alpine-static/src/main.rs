fn main() { let l = std::net::TcpListener::bind("0.0.0.0:3000").unwrap(); for _ in l.incoming() {} }

fn main() { println!("working"); }

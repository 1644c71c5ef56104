fn main() { println!("dev"); }

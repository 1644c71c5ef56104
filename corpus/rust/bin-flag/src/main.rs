fn main() {
    let page = std::fs::read_to_string("templates/index.html").expect("template");
    println!("{}", page.len());
}

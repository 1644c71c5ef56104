//! Counts the words of each file named on the command line (or of the bundled sample text).

use std::collections::BTreeMap;

fn main() {
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        files.push("/usr/share/wordcount/sample.txt".to_string());
    }
    for f in files {
        match std::fs::read_to_string(&f) {
            Ok(text) => {
                let mut counts: BTreeMap<String, usize> = BTreeMap::new();
                for w in text.split_whitespace() {
                    *counts.entry(w.to_lowercase()).or_default() += 1;
                }
                println!("{}: {} words, {} distinct", f, text.split_whitespace().count(), counts.len());
            }
            Err(e) => {
                eprintln!("{}: {}", f, e);
                std::process::exit(1);
            }
        }
    }
}

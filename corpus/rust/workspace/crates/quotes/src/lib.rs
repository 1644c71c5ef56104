//! The quotes the server hands out, and the config file's parser.

pub const QUOTES: [&str; 3] = [
    "Simplicity is prerequisite for reliability.",
    "Make it work, make it right, make it fast.",
    "Premature optimization is the root of all evil.",
];

/// `key = value` lines of a config file; `#` starts a comment.
pub fn parse_config(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
        .collect()
}

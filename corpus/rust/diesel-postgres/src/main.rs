use diesel::pg::PgConnection;
use diesel::prelude::*;

fn main() {
    let _settings = std::fs::read_to_string("config/settings.toml").expect("settings");
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL must be set");
    let _conn = PgConnection::establish(&url).expect("cannot connect");
    println!("connected");
}

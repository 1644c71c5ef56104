/* notes: keeps short notes in a SQLite database; `notes --version` prints the versions,
 * `notes` with no argument lists the seeded notes from an in-memory database. */
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

#define NOTES_VERSION "1.2.0"

static int print_row(void *unused, int argc, char **argv, char **names) {
    (void)unused; (void)names;
    for (int i = 0; i < argc; i++)
        printf("%s%s", i ? " | " : "", argv[i] ? argv[i] : "NULL");
    printf("\n");
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--version") == 0) {
        printf("notes %s (sqlite %s)\n", NOTES_VERSION, sqlite3_libversion());
        return 0;
    }
    sqlite3 *db;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
        fprintf(stderr, "cannot open database: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    char *err = NULL;
    const char *sql =
        "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);"
        "INSERT INTO notes(body) VALUES ('buy milk'), ('call the plumber'), ('water the plants');"
        "SELECT id, body, length(body) FROM notes ORDER BY id;";
    if (sqlite3_exec(db, sql, print_row, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "query failed: %s\n", err);
        sqlite3_free(err);
        sqlite3_close(db);
        return 1;
    }
    sqlite3_close(db);
    return 0;
}

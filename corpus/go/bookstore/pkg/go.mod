module bookstore

go 1.19

module envapp

go 1.19

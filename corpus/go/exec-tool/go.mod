module example.com/pretty

go 1.19

module example.com/tools/stamp

go 1.19

module example.com/confdump

go 1.19

module example.com/versioner

go 1.19

module example.com/cgoinfo

go 1.19

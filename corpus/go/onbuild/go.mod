module example.com/appinfo

go 1.19

module landing

go 1.19

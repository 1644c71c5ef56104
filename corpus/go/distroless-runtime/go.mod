module example.com/distroless-runtime

go 1.19

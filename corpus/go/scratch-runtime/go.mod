module example.com/scratch-runtime

go 1.19

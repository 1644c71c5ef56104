module example.com/checksum

go 1.19

require example.com/cmath v1.0.0

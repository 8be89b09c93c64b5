module github.com/eventual-go/eventual/benchmarks

go 1.25

require github.com/eventual-go/eventual v0.0.0-00010101000000-000000000000

replace github.com/eventual-go/eventual => ../

module github.com/eventual-go/eventual/benchmarks

go 1.25.0

require (
	github.com/chebyrash/promise v0.0.0-20230709133807-42ec49ba1459
	github.com/eventual-go/eventual v0.0.0-00010101000000-000000000000
	github.com/reugn/async v0.10.0
	github.com/samber/mo v1.16.0
	github.com/sourcegraph/conc v0.3.0
	golang.org/x/sync v0.20.0
)

require (
	github.com/panjf2000/ants/v2 v2.8.1 // indirect
	go.uber.org/atomic v1.7.0 // indirect
	go.uber.org/multierr v1.9.0 // indirect
)

replace github.com/eventual-go/eventual => ../

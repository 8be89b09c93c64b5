package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = `goos: linux
pkg: github.com/eventual-go/eventual/benchmarks
,channel,,future,,,,mo,,,
,sec/op,CI,sec/op,CI,vs base,P,sec/op,CI,vs base,P
GoAwait-2,1.336e-06,26%,1.447e-06,18%,~,p=0.310 n=6,1.95e-06,∞,+45.85%,p=0.002 n=6
ThenChain-2,,,1.3665e-06,30%,,,2.5e-05,4%,,
geomean,1.3e-06,,1.4e-06,,+1%,,2e-06,,+2%,

,channel,,future,,,
,B/op,CI,B/op,CI,vs base,P
GoAwait-2,184,0%,231,0%,+25.54%,p=0.000 n=10
geomean,184,,231,,+25.54%,
B3: need >= 6 samples for confidence interval at level 0.95
`

func TestParse(t *testing.T) {
	tables, err := parse(sample)
	require.NoError(t, err)
	require.Len(t, tables, 2)
	assert.Equal(t, "sec/op", tables[0].unit)
	assert.Equal(t, []row{
		{"GoAwait-2", []bar{{"channel", 1.336e-06, 0.26}, {"future", 1.447e-06, 0.18}, {"mo", 1.95e-06, -1}}},
		{"ThenChain-2", []bar{{"future", 1.3665e-06, 0.30}, {"mo", 2.5e-05, 0.04}}},
	}, tables[0].rows)
	assert.Equal(t, "B/op", tables[1].unit)
	assert.Equal(t, []row{{"GoAwait-2", []bar{{"channel", 184, 0}, {"future", 231, 0}}}}, tables[1].rows)
}

func TestParseNoTables(t *testing.T) {
	_, err := parse("goos: linux\nnothing here\n")
	assert.Error(t, err)
}

func TestFileName(t *testing.T) {
	assert.Equal(t, "All_n=1000_sec_op.svg", fileName("All/n=1000-2", "sec/op", "svg"))
}

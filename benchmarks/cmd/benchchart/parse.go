package main

import (
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
)

// A table is one of benchstat's tables: one unit, a column per
// implementation, a row per benchmark.
type table struct {
	unit string
	rows []row
}

// A row is one benchmark's summary for each implementation that ran it.
type row struct {
	benchmark string
	bars      []bar
}

// A bar is one implementation's center value and confidence interval, as
// a fraction of the center (0.18 for benchstat's "± 18%"); ci is -1 when
// benchstat could not give one.
type bar struct {
	impl   string
	center float64
	ci     float64
}

// parse reads the tables of benchstat's CSV output. Tables are separated
// by blank lines; the first line of each that starts with a comma names the
// columns' groups (the implementations), the next the field of each column
// (the unit, "CI", "vs base", "P"). Lines before that (goos, pkg, cpu) and
// benchstat's notes after the tables are ignored.
func parse(text string) ([]table, error) {
	var tables []table
	for _, block := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n\n") {
		if i := strings.Index(block, "\n,"); i >= 0 && !strings.HasPrefix(block, ",") {
			block = block[i+1:]
		}
		r := csv.NewReader(strings.NewReader(strings.TrimSpace(block)))
		r.FieldsPerRecord = -1
		recs, err := r.ReadAll()
		if err != nil || len(recs) < 3 || len(recs[1]) < 2 {
			continue
		}
		t, err := parseTable(recs)
		if err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	if len(tables) == 0 {
		return nil, fmt.Errorf("benchchart: no benchstat tables in the input; run benchstat with -format csv")
	}
	return tables, nil
}

func parseTable(recs [][]string) (table, error) {
	groups, fields := recs[0], recs[1]
	t := table{unit: fields[1]}
	for _, rec := range recs[2:] {
		if len(rec) == 0 || rec[0] == "geomean" || strings.Contains(rec[0], ": ") {
			continue
		}
		rw := row{benchmark: rec[0]}
		for col := 1; col < len(rec) && col < len(groups); col++ {
			if groups[col] == "" || fields[col] != t.unit || rec[col] == "" {
				continue
			}
			center, err := strconv.ParseFloat(rec[col], 64)
			if err != nil {
				return table{}, fmt.Errorf("benchchart: %s, %s: %v", rec[0], groups[col], err)
			}
			rw.bars = append(rw.bars, bar{impl: groups[col], center: center, ci: interval(rec, col+1)})
		}
		if len(rw.bars) > 0 {
			t.rows = append(t.rows, rw)
		}
	}
	return t, nil
}

// interval returns the confidence interval in column col of rec as a
// fraction, or -1 if there is none.
func interval(rec []string, col int) float64 {
	if col >= len(rec) {
		return -1
	}
	pct, err := strconv.ParseFloat(strings.TrimSuffix(rec[col], "%"), 64)
	if err != nil {
		return -1
	}
	return pct / 100
}

// Command benchchart draws benchstat's results as SVG (or PNG) bar charts, one chart
// per benchmark and unit, with a bar per implementation and its confidence
// interval as an error bar.
//
// It reads the CSV that benchstat writes with -format csv and -col /impl:
//
//	benchstat -format csv -col /impl results.txt | go run ./cmd/benchchart -dir charts
//
// Bars of the toolkit's own implementations are drawn in one color, those of
// the baselines and peers in another.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

func main() {
	dir := flag.String("dir", "charts", "the directory to write the SVG files to")
	units := flag.String("units", "sec/op", "the comma-separated units to draw")
	format := flag.String("format", "svg", "the image format: svg or png")
	flag.Parse()
	in, err := input(flag.Args())
	if err != nil {
		log.Fatal(err)
	}
	tables, err := parse(in)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, t := range tables {
		if !strings.Contains(","+*units+",", ","+t.unit+",") {
			continue
		}
		for _, row := range t.rows {
			name := filepath.Join(*dir, fileName(row.benchmark, t.unit, *format))
			if err := draw(name, row, t.unit); err != nil {
				log.Fatal(err)
			}
			fmt.Println(name)
		}
	}
}

// input returns the text of the files named by args, or standard input if
// there are none.
func input(args []string) (string, error) {
	if len(args) == 0 {
		b, err := io.ReadAll(os.Stdin)
		return string(b), err
	}
	var sb strings.Builder
	for _, name := range args {
		b, err := os.ReadFile(name)
		if err != nil {
			return "", err
		}
		sb.Write(b)
		sb.WriteString("\n")
	}
	return sb.String(), nil
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9=._-]+`)

// fileName returns the file name for a benchmark and unit's chart.
func fileName(benchmark, unit, format string) string {
	return unsafeChars.ReplaceAllString(strings.TrimSuffix(benchmark, "-2")+"_"+unit, "_") + "." + format
}

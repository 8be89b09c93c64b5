package main

import (
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

var (
	ours   = color.RGBA{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}
	theirs = color.RGBA{R: 0xaa, G: 0xaa, B: 0xaa, A: 0xff}
)

// toolkit names the implementations that are the toolkit's own; every
// other is a baseline or a peer.
var toolkit = map[string]bool{
	"future": true, "promise": true, "goall": true, "goRace": true,
	"pool": true, "poolAll": true, "poolGo": true,
	"retry": true, "hedge": true, "wrap": true, "do": true,
	"callback": true, "callbackAsync": true, "async": true, "sync": true,
}

// draw writes an SVG bar chart of r to file: a bar per implementation, in
// the toolkit's color or the others', with its confidence interval.
func draw(file string, r row, unit string) error {
	scale, label := scaleFor(r, unit)
	p := plot.New()
	p.Title.Text = strings.TrimSuffix(r.benchmark, "-2")
	p.Y.Label.Text = label + " (lower is better)"
	p.Y.Min = 0
	names := make([]string, len(r.bars))
	mine := make(plotter.Values, len(r.bars))
	other := make(plotter.Values, len(r.bars))
	errs := make(plotter.XYs, len(r.bars))
	yerr := make(plotter.YErrors, len(r.bars))
	for i, b := range r.bars {
		names[i] = b.impl
		v := b.center * scale
		if toolkit[b.impl] {
			mine[i] = v
		} else {
			other[i] = v
		}
		errs[i] = plotter.XY{X: float64(i), Y: v}
		if b.ci > 0 {
			yerr[i] = struct{ Low, High float64 }{v * b.ci, v * b.ci}
		}
	}
	for _, vals := range []struct {
		v plotter.Values
		c color.Color
	}{{mine, ours}, {other, theirs}} {
		bars, err := plotter.NewBarChart(vals.v, vg.Points(28))
		if err != nil {
			return err
		}
		bars.Color = vals.c
		bars.LineStyle.Width = 0
		p.Add(bars)
	}
	eb, err := plotter.NewYErrorBars(struct {
		plotter.XYs
		plotter.YErrors
	}{errs, yerr})
	if err != nil {
		return err
	}
	p.Add(eb)
	p.NominalX(names...)
	width := vg.Points(float64(90 + 60*len(r.bars)))
	return p.Save(width, 4*vg.Inch, file)
}

// scaleFor returns the factor to multiply r's values by and the axis label,
// so that times read in ns, µs, ms or s.
func scaleFor(r row, unit string) (float64, string) {
	if unit != "sec/op" {
		return 1, unit
	}
	top := 0.0
	for _, b := range r.bars {
		top = max(top, b.center)
	}
	switch {
	case top < 1e-6:
		return 1e9, "ns/op"
	case top < 1e-3:
		return 1e6, "µs/op"
	case top < 1:
		return 1e3, "ms/op"
	}
	return 1, "s/op"
}

// Package plot draws the charts of stance's HTML pages as inline SVG: a
// line chart with interval bands (scores against training size, shares
// or net stance over time), a dot plot with intervals (one row per fold
// or group) and a heat map with a colour legend (confusion tables).
//
// The pages load nothing from outside, so the charts are SVG markup
// written into them, with no script. Colours come from the Okabe–Ito
// palette, which colour-blind readers can tell apart; series differ in
// marker shape and dash as well as colour, and every chart has a legend
// or axis labels saying what it shows. A chart scales to the width of
// its container (viewBox, max-width 100%), so it never makes a page wider
// than the screen. The same values always give the same bytes.
package plot

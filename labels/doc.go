// Package labels holds what every other package of stance reads: the label
// sets of the two targets (stance and sentiment), the labelled sentence
// record, the JSON Lines file format those records are kept in, and the
// labelled corpus shipped inside the binary.
//
// A labelled file has one JSON object per line:
//
//	{"article":"001_2741d365b0e12e5f","index":3,"text":"…","stance":"obstacle","sentiment":"negative"}
//
// Labels follow the codebook order (obstacle, opening, neutral; negative,
// neutral, positive) wherever they are listed, so tables and model files do
// not depend on map order.
//
// labels imports no other package of this module.
package labels

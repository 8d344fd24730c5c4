// Package tag tags a stream of news text with a classify.Model: it reads
// text a line at a time, cuts it into units (sentences, or whole lines),
// scores them on every core, and writes one record per unit, in input
// order, in one of three formats (table, TSV, JSON Lines). It is what
// `stance classify` runs; the command keeps only its flags, help and exit
// codes.
//
// Stream reads any io.Reader with bufio.Reader, so no line is too long:
// a line longer than LongLine is never held whole, but scored in parts
// cut at clause punctuation (features.CutPoint), with the result of
// scoring it whole. Memory stays flat however long the input.
//
// Encoder writes single records, for callers that score text themselves
// (the benchmarks measure it).
package tag

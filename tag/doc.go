// Package tag tags news text with a classify.Model: it reads text, cuts
// it into units (sentences, or whole lines), scores them on every core,
// and writes one record per unit, in input order, in one of three formats
// (table, TSV, JSON Lines). It is what `stance classify` runs; the command
// keeps only its flags, help and exit codes.
//
// Stream reads a stream of lines, each an article of its own (its id the
// line number, plus Options.LineOffset for a shard of a larger input).
// StreamDocs reads documents from an archive.Reader: articles from JSON
// Lines, CSV or text files, an id each and fields to pass through to every
// record, or the sentences `stance split` writes, which Stream also
// recognises on its input. Every record carries the article id, the
// unit's index in the article and the line it starts on; the input's
// other fields follow in JSON Lines.
//
// Without Options.Lines, an article is split as `stance split` splits it
// (features.Splitter.Article): lines that are not article body (bylines,
// datelines, comment policies) are left out, and Options.Warn gets a
// count per reason.
//
// Stream reads any io.Reader with bufio.Reader, so no line is too long:
// a line longer than LongLine is never held whole, but scored in parts
// cut at clause punctuation (features.CutPoint), with the result of
// scoring it whole. Memory stays flat however long the input.
//
// Encoder writes single records, for callers that score text themselves
// (the benchmarks measure it).
package tag

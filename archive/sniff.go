package archive

import (
	"bytes"
	"encoding/json"
)

// Kind is what the start of an input looks like.
type Kind int

const (
	// Prose is anything that is not JSON Lines.
	Prose Kind = iota
	// JSONLines is JSON Lines, one object a line.
	JSONLines
	// SplitOutput is JSON Lines written by `stance split`.
	SplitOutput
)

// Sniff tells from the first line of an input whether it is JSON Lines,
// and whether `stance split` wrote it: a line of prose is never a JSON
// object. line may carry its line end and a UTF-8 byte-order mark.
func Sniff(line []byte) Kind {
	line = bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\uFEFF")))
	if len(line) == 0 || line[0] != '{' || !json.Valid(line) {
		return Prose
	}
	obj, err := parseObject(line)
	if err != nil {
		return Prose
	}
	names := make([]string, len(obj))
	for i, f := range obj {
		names[i] = f.Name
	}
	if IsSplitRecord(names) {
		return SplitOutput
	}
	return JSONLines
}

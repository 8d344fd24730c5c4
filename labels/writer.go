package labels

import (
	"bufio"
	"encoding/json"
	"io"
)

// Writer writes records as JSON Lines, one record a line, fields in the
// order of Record. Call Flush when done.
type Writer struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false) // keep "&" and "<" readable in news text
	return &Writer{bw: bw, enc: enc}
}

// Write writes one record.
func (w *Writer) Write(r Record) error { return w.enc.Encode(r) }

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() error { return w.bw.Flush() }

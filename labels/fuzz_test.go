package labels

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// FuzzReader reads arbitrary bytes: it must never panic, every problem must
// be a *ParseError naming a line, and every record it accepts must survive
// a write and a second read unchanged.
func FuzzReader(f *testing.F) {
	f.Add([]byte(good + "\n"))
	f.Add([]byte("\uFEFF" + good + "\r\n" + good))
	f.Add([]byte(`{"article":"a","index":1e3,"text":"t","stance":"neutral","sentiment":"neutral"}`))
	f.Add([]byte("{\"article\":\"\xff\"}"))
	f.Add([]byte("[1,2]\n\"x\"\nnull\n{}"))
	f.Fuzz(func(t *testing.T, in []byte) {
		r := NewReader(bytes.NewReader(in), "fuzz")
		var recs []Record
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			var perr *ParseError
			if err != nil {
				if !errors.As(err, &perr) {
					t.Fatalf("Read error %v is not a *ParseError", err)
				}
				if errors.Is(err, ErrNoRecords) {
					break
				}
				continue
			}
			recs = append(recs, rec)
		}
		var b bytes.Buffer
		w := NewWriter(&b)
		for _, rec := range recs {
			if err := w.Write(rec); err != nil {
				t.Fatal(err)
			}
		}
		w.Flush()
		if len(recs) == 0 {
			return
		}
		again, err := ReadAll(&b, "again")
		if err != nil {
			t.Fatalf("re-reading written records: %v\n%s", err, b.String())
		}
		for i := range recs {
			if again[i] != recs[i] {
				t.Fatalf("round trip changed record %d: %+v -> %+v", i, recs[i], again[i])
			}
		}
	})
}

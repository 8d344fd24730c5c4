package annotation

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// FuzzReadLog: ReadLog never panics, and what it accepts writes back (as
// Log.Append writes) to a log that reads the same.
func FuzzReadLog(f *testing.F) {
	f.Add(`{"seq":1,"op":"label","time":"2026-11-02T10:00:00Z","annotator":"ann","article":"a","index":0,"text":"x","stance":"neutral","sentiment":"neutral"}` + "\n" +
		`{"seq":2,"op":"retract","time":"2026-11-02T10:00:01Z","annotator":"ann","article":"a","index":0,"retracts":1}` + "\n")
	f.Add(`{"seq":1,"op":"skip","annotator":"b","article":"a","index":3,"text":"y"}` + "\n" + `{"seq":2,"op":"lab`)
	f.Add("\n\n{\"seq\":3}\n")
	f.Add("{\"seq\":1,\"op\":\"label\",\"annotator\":\"\xff\"}")
	f.Fuzz(func(t *testing.T, in string) {
		entries, _, err := ReadLog(strings.NewReader(in), "fuzz.jsonl")
		if err != nil {
			return
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		for _, e := range entries {
			if err := enc.Encode(e); err != nil {
				t.Fatalf("encode %+v: %v", e, err)
			}
		}
		again, cut, err := ReadLog(&b, "again.jsonl")
		if err != nil || cut != nil {
			t.Fatalf("written back, the log reads as %v, cut %v:\n%s", err, cut, b.String())
		}
		for i := range again {
			again[i].Line = entries[i].Line
		}
		if !reflect.DeepEqual(entries, again) && !(len(entries) == 0 && len(again) == 0) {
			t.Fatalf("round trip:\n%+v\n%+v", entries, again)
		}
	})
}

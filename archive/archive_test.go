package archive

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stance-nlp/stance/labels"
)

// readAll reads every document, and every problem as "LINE: message".
func readAll(r Reader) ([]Doc, []string) {
	var docs []Doc
	var errs []string
	for {
		d, err := r.Read()
		if err == io.EOF {
			return docs, errs
		}
		if err != nil {
			var pe *labels.ParseError
			var fe *FieldsError
			if errors.As(err, &fe) {
				errs = append(errs, "fatal: "+fe.Error())
				continue
			}
			if !errors.As(err, &pe) {
				return docs, append(errs, "not a ParseError: "+err.Error())
			}
			if errs = append(errs, pe.Error()); len(errs) > 50 {
				return docs, errs
			}
			continue
		}
		docs = append(docs, d)
	}
}

// show prints documents compactly: id[#index]{fields}=text.
func show(docs []Doc) string {
	var b strings.Builder
	for _, d := range docs {
		b.WriteString(d.ID)
		if d.Sentence {
			fmt.Fprintf(&b, "#%d", d.Index)
		}
		fmt.Fprintf(&b, "@%d{", d.Line)
		for i, f := range d.Fields {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(f.Name + ":" + string(f.Value))
		}
		fmt.Fprintf(&b, "}=%q\n", d.Text)
	}
	return b.String()
}

func TestJSONLReader(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		fields Fields
		docs   string
		errs   []string
	}{
		{"articles", "{\"id\":\"a1\",\"date\":\"2014-09-01\",\"text\":\"One. Two.\",\"n\": [1, 2]}\n\n{\"id\":7,\"text\":\"Three.\\nFour.\"}\r\n", Fields{},
			"a1@1{date:\"2014-09-01\",n:[1,2]}=\"One. Two.\"\n7@3{}=\"Three.\\nFour.\"\n", nil},
		{"named fields", "\uFEFF{\"url\":\"http://x\",\"body\":\"B.\",\"id\":\"kept\"}\n", Fields{Text: "body", ID: "url"},
			"http://x@1{id:\"kept\"}=\"B.\"\n", nil},
		{"split's output", `{"article":"a","index":0,"text":"S one.","stance":"","sentiment":""}` + "\n" + `{"article":"a","index":1,"text":"S two.","stance":"obstacle","sentiment":"","note":"n"}` + "\n", Fields{},
			"a#0@1{}=\"S one.\"\na#1@2{stance:\"obstacle\",note:\"n\"}=\"S two.\"\n", nil},
		{"split's output read as articles when fields are named", `{"article":"a","index":0,"text":"S one.","stance":"","sentiment":""}` + "\n", Fields{Text: "text", ID: "article"},
			"a@1{index:0,stance:\"\",sentiment:\"\"}=\"S one.\"\n", nil},
		{"no text field", "{\"id\":\"a\",\"body\":\"x\"}\n{\"id\":\"b\",\"text\":\"x\"}\n", Fields{}, "", []string{`fatal: in:1: no text field "text" (the record has "id", "body")`}},
		{"bad records", "{\"id\":\"first\",\"text\":\"x\"}\n[1]\n{\"id\":\"a\"}\n{\"text\":\"x\",\"body\":1}\n{\"id\":\"\",\"text\":\"x\"}\n{\"id\":true,\"text\":\"x\"}\n{\"id\":\"a\",\"text\":3}\n{\"id\":\"a\",\"id\":\"b\",\"text\":\"x\"}\n{\"id\":\"a\",\"text\":\"x\"\n{\"id\":\"ok\",\"text\":\"fine\"}\n", Fields{},
			"first@1{}=\"x\"\nok@10{}=\"fine\"\n", []string{
				"in:2: invalid JSON: a record is a JSON object {\"id\":…,\"text\":…}, not an array",
				`in:3: no text field "text" (the record has "id")`,
				`in:4: no id field "id" (the record has "text", "body")`,
				`in:5: field "id" is blank; every record needs an id`,
				`in:6: field "id" is true or false; want a string or a number`,
				`in:7: field "text" is a number; want a string`,
				`in:8: invalid JSON: field "id" given twice`,
				`in:9: invalid JSON: unexpected end of JSON input (at byte 20)`,
			}},
		{"split's output, then another record", `{"article":"a","index":0,"text":"S."}` + "\n" + `{"id":"b","text":"T."}` + "\n" + `{"article":"a","index":-1,"text":"S."}` + "\n", Fields{},
			"a#0@1{}=\"S.\"\n", []string{`in:2: the first record was one of stance split's (article, index, text), this one has "id", "text"`, `in:3: field "index" is -1; want a whole number from 0`}},
		{"UTF-16", "\xFF\xFE{\x00", Fields{}, "", []string{"in:1: the file is UTF-16 (byte-order mark FFFE); stance reads UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := readAll(NewJSONLReader(strings.NewReader(tt.in), "in", tt.fields))
			if got := show(docs); got != tt.docs {
				t.Errorf("docs:\n%s\nwant:\n%s", got, tt.docs)
			}
			if strings.Join(errs, "\n") != strings.Join(tt.errs, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(tt.errs, "\n"))
			}
		})
	}
}

func TestJSONLErrorKinds(t *testing.T) {
	for _, tt := range []struct {
		in   string
		kind error
	}{
		{"[1]\n", labels.ErrSyntax},
		{"{\"id\":\"a\"}\n", labels.ErrMissingField},
		{"{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"a\"}\n", labels.ErrMissingField},
		{"{\"id\":\" \",\"text\":\"x\"}\n", labels.ErrEmptyField},
		{"\xFE\xFF", labels.ErrBadUTF8},
	} {
		r := NewJSONLReader(strings.NewReader(tt.in), "in", Fields{})
		_, err := r.Read()
		for err == nil {
			_, err = r.Read()
		}
		if !errors.Is(err, tt.kind) {
			t.Errorf("Read(%q) = %v; want an error that is %v", tt.in, err, tt.kind)
		}
	}
}

func TestCSVReader(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		fields Fields
		docs   string
		errs   []string
	}{
		{"articles", "\uFEFFid,date,outlet,text\r\na1,2014-09-01,Reuters,\"One. \"\"Two.\"\"\"\r\na2,2014-10-01,TASS,\"Three.\nFour.\"\r\n", Fields{},
			"a1@2{date:\"2014-09-01\",outlet:\"Reuters\"}=\"One. \\\"Two.\\\"\"\na2@3{date:\"2014-10-01\",outlet:\"TASS\"}=\"Three.\\nFour.\"\n", nil},
		{"named fields", "body,url\nB.,http://x\n", Fields{Text: "body", ID: "url"}, "http://x@2{}=\"B.\"\n", nil},
		{"bad records", "id,text\na,x,extra\n,y\nb,\"open\n", Fields{}, "", []string{
			"in:2: the record has a different number of fields from the header (2)",
			`in:3: field "id" is blank; every record needs an id`,
			`in:4: invalid CSV: extraneous or missing " in quoted-field (line 4, column 9)`,
		}},
		{"no text field", "id,body\na,x\n", Fields{}, "", []string{`fatal: in:1: no text field "text" (the header has "id", "body")`}},
		{"no id field", "text\nx\n", Fields{}, "", []string{`fatal: in:1: no id field "id" (the header has "text")`}},
		{"header twice", "id,text,id\n", Fields{}, "", []string{`in:1: the header names field "id" twice`}},
		{"empty", "", Fields{}, "", nil},
		{"UTF-16", "\xFF\xFEi\x00", Fields{}, "", []string{"in:1: the file is UTF-16 (byte-order mark FFFE); stance reads UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, errs := readAll(NewCSVReader(strings.NewReader(tt.in), "in", tt.fields))
			if got := show(docs); got != tt.docs {
				t.Errorf("docs:\n%s\nwant:\n%s", got, tt.docs)
			}
			if strings.Join(errs, "\n") != strings.Join(tt.errs, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(tt.errs, "\n"))
			}
		})
	}
}

func TestSniff(t *testing.T) {
	for _, tt := range []struct {
		line string
		want Kind
	}{
		{"Moscow rejected the offer.\n", Prose},
		{"{curly} braces in prose.\n", Prose},
		{"", Prose},
		{`{"id":"a","text":"x"}` + "\n", JSONLines},
		{"\uFEFF" + `{"article":"a","index":0,"text":"x","stance":"","sentiment":""}` + "\r\n", SplitOutput},
		{`{"article":"a","index":0,"text":"x","date":"2014"}`, JSONLines},
	} {
		if got := Sniff([]byte(tt.line)); got != tt.want {
			t.Errorf("Sniff(%q) = %d; want %d", tt.line, got, tt.want)
		}
	}
}

// FuzzJSONL: any input gives documents or ParseErrors, never a panic,
// and a document always has an id.
func FuzzJSONL(f *testing.F) {
	f.Add("{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":1}\n")
	f.Add(`{"article":"a","index":0,"text":"x","stance":"","sentiment":""}`)
	f.Add("\xFF\xFE")
	f.Fuzz(func(t *testing.T, in string) {
		r := NewJSONLReader(strings.NewReader(in), "in", Fields{})
		for range 1000 {
			d, err := r.Read()
			if err == io.EOF {
				return
			}
			var pe *labels.ParseError
			var fe *FieldsError
			if err != nil && !errors.As(err, &pe) && !errors.As(err, &fe) {
				t.Fatalf("error %v is not a ParseError", err)
			}
			if err == nil && blank(d.ID) {
				t.Fatalf("document without an id: %+v", d)
			}
		}
	})
}

// FuzzCSV is FuzzJSONL for CSV.
func FuzzCSV(f *testing.F) {
	f.Add("id,text\na,x\n")
	f.Add("id,text\n\"a\nb\",\"x\n")
	f.Fuzz(func(t *testing.T, in string) {
		r := NewCSVReader(strings.NewReader(in), "in", Fields{})
		for range 1000 {
			d, err := r.Read()
			if err == io.EOF {
				return
			}
			var pe *labels.ParseError
			var fe *FieldsError
			if err != nil && !errors.As(err, &pe) && !errors.As(err, &fe) {
				t.Fatalf("error %v is not a ParseError", err)
			}
			if err == nil && blank(d.ID) {
				t.Fatalf("document without an id: %+v", d)
			}
		}
	})
}

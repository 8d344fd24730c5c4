package archive_test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/stance-nlp/stance/archive"
)

// ExampleCSVReader reads an archive in CSV whose text is in "body" and
// whose id is the url, and shows a bad record reported with its line.
func ExampleCSVReader() {
	in := "url,date,body\n" +
		"https://example.org/a,2014-09-24,\"Moscow rejected the offer.\nWashington objected.\"\n" +
		",2014-09-25,No id here.\n"
	r := archive.NewCSVReader(strings.NewReader(in), "archive.csv", archive.Fields{Text: "body", ID: "url"})
	for {
		d, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s, line %d, %s=%s: %q\n", d.ID, d.Line, d.Fields[0].Name, d.Fields[0].Value, d.Text)
	}
	// Output:
	// https://example.org/a, line 2, date="2014-09-24": "Moscow rejected the offer.\nWashington objected."
	// archive.csv:4: field "url" is blank; every record needs an id
}

package tag_test

import (
	"context"
	"log"
	"os"
	"strings"

	"github.com/stance-nlp/stance/classify"
	"github.com/stance-nlp/stance/tag"
)

// ExampleStream tags two paragraphs, one record per sentence, with the
// built-in model. It prints the records' line numbers and labels only:
// the probabilities move whenever the corpus grows.
func ExampleStream() {
	m, err := classify.Builtin()
	if err != nil {
		log.Fatal(err)
	}
	in := strings.NewReader("Lavrov said Russia has no desire to join any campaign led by the United States.\n" +
		"The two foreign ministers agreed to work together against terrorism. Washington welcomed the vote.\n")
	var out strings.Builder
	if err := tag.Stream(context.Background(), in, &out, m, tag.Options{Format: tag.TSV}); err != nil {
		log.Fatal(err)
	}
	for _, rec := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		f := strings.Split(rec, "\t")
		os.Stdout.WriteString(f[0] + " " + f[5] + "\t" + f[10] + "\n")
	}
	// Output:
	// obstacle negative	Lavrov said Russia has no desire to join any campaign led by the United States.
	// opening positive	The two foreign ministers agreed to work together against terrorism.
	// opening positive	Washington welcomed the vote.
}

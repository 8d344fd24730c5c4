package labels

import _ "embed"

// codebook is the annotation codebook: what each label means and how the
// hard cases were decided.
//
//go:embed data/CODEBOOK.md
var codebook string

// Codebook returns the codebook the shipped labels follow, as Markdown, for
// a tool to show annotators while they label.
func Codebook() string { return codebook }

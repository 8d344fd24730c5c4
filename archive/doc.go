// Package archive reads the archives researchers keep news in, one
// document at a time: JSON Lines and CSV with a text field and an id
// field (every other field passed through), the sentences `stance split`
// writes, and the articles of plain-text files. Each reader returns a Doc
// or a *labels.ParseError naming file, line and problem; reading goes on
// after a bad record, so every problem of a file can be reported in one
// pass.
//
// Only cmd/stance opens files: a reader takes an io.Reader and a name used
// in messages, as labels.NewReader does.
package archive

package tag

import (
	"bytes"
	"strings"
)

// maxShortLine is the longest line mayNotBeBody lets through on its
// length alone. Page furniture, section labels, datelines and "News desk"
// are a few dozen bytes at most.
const maxShortLine = 64

// nonBodyPhrases are, in lower case, the phrases one of which a line not
// otherwise suspect needs for features.Splitter.Article to leave it out:
// those of subscription prompts, legal notices and comment policies, the
// patterns of Article not tied to a short line. A comment policy may also
// be "comment" and, anywhere on the line, one of commentWords.
var nonBodyPhrases = [][]byte{
	[]byte("subscribe"), []byte("sign up"), []byte("signing up"), []byte("newsletter"), []byte("delivered straight to your inbox"),
	[]byte("privacy policy"), []byte("terms and conditions"), []byte("purchase this article"), []byte("all rights reserved"),
	[]byte("republication"), []byte("community guidelines"), []byte("we will not tolerate"), []byte("constructive criticism"),
	[]byte("profanity"),
}

var commentWords = [][]byte{[]byte("moderat"), []byte("approv"), []byte("reject"), []byte("guidelines"), []byte("submitted"), []byte("edited")}

// mayNotBeBody reports whether features.Splitter.Article might leave
// line out when it stands alone: whether it is short (maxShortLine), has
// no blank (a bare link), starts with "by" (a byline), ends with a colon
// (a label), or holds one of nonBodyPhrases (or "comment" and one of
// commentWords), in any case. It is false for most lines of prose, which
// then skip Article: its patterns cost some sixty times what splitting a
// paragraph into sentences does, and a stream of paragraphs would be
// classified at a quarter of the speed. TestMayNotBeBody holds it to
// Article on the left-out lines of the shipped corpus, the shipped
// articles and the test inputs, so that a new pattern in Article that it
// does not know fails a test rather than slip through. lower is a buffer
// for the line in lower case, reused from call to call.
func mayNotBeBody(line string, lower *[]byte) bool {
	line = strings.TrimSpace(line)
	if len(line) <= maxShortLine || !strings.ContainsAny(line, " \t\n\f\r") || strings.HasSuffix(line, ":") {
		return true
	}
	l := appendLower((*lower)[:0], line)
	*lower = l
	if bytes.HasPrefix(l, []byte("by")) {
		return true
	}
	for _, p := range nonBodyPhrases {
		if bytes.Contains(l, p) {
			return true
		}
	}
	if bytes.Contains(l, []byte("comment")) {
		for _, w := range commentWords {
			if bytes.Contains(l, w) {
				return true
			}
		}
	}
	return false
}

// appendLower appends s with ASCII letters in lower case. The phrases
// are ASCII; Article's patterns also fold a few other letters to them
// (the Kelvin sign to k, the long s to s), which news text does not use.
func appendLower(dst []byte, s string) []byte {
	n := len(dst)
	dst = append(dst, s...)
	for i := n; i < len(dst); i++ {
		if c := dst[i]; 'A' <= c && c <= 'Z' {
			dst[i] = c + 'a' - 'A'
		}
	}
	return dst
}

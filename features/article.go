package features

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Unit is one piece of an article: a body sentence, or a line that is not
// article body together with the reason it was left out.
type Unit struct {
	Line   int    // 1-based line of the article where the unit starts
	Text   string // the sentence or line, trimmed
	Reason string // why the line is not body; empty for a body sentence
}

// Excluded reports whether the unit was left out of the body.
func (u Unit) Excluded() bool { return u.Reason != "" }

// junkLine is a kind of line that is not article body, recognised by its
// whole text. The patterns are for the furniture of news web pages: section
// labels, bylines, datelines, subscription and comment boilerplate.
//
// A pattern is compiled on first need and tried only on a line that may
// match it (may: a cheap test every line it matches passes, held so by
// TestJunkGuards): most lines are prose, and compiling the patterns took a
// twentieth of a start of classify on paragraphs.
type junkLine struct {
	re     func() *regexp.Regexp
	may    func(line string) bool
	match  func(string) bool // used instead of re when set
	reason string
}

// matches reports whether line is of j's kind.
func (j junkLine) matches(line string) bool {
	if j.match != nil {
		return j.match(line)
	}
	return j.may(line) && j.re().MatchString(line)
}

// lazyRegexp returns a function that compiles pattern on its first call.
func lazyRegexp(pattern string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })
}

func junkLines() []junkLine {
	j := func(pattern, reason string, may func(string) bool) junkLine {
		return junkLine{re: lazyRegexp(`(?i)` + pattern), may: may, reason: reason}
	}
	// The guards, with (?i) in mind: under it [A-Z] and s, k also match
	// the Kelvin sign and the long s, of three and two bytes.
	atMost := func(runes int) func(string) bool {
		return func(l string) bool { return len(l) <= 3*runes && utf8.RuneCountInString(l) <= runes }
	}
	first := func(set string) func(string) bool {
		return func(l string) bool { return l != "" && (l[0] >= utf8.RuneSelf || strings.IndexByte(set, l[0]) >= 0) }
	}
	last := func(set string) func(string) bool {
		return func(l string) bool { return l != "" && strings.IndexByte(set, l[len(l)-1]) >= 0 }
	}
	month := `(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?`
	return []junkLine{
		j(`^(block|more about|related|read more|advertisement|share|comments|post a comment|original url:?)$`, "page furniture", atMost(15)),
		j(`^[A-Z][A-Z &]{1,30}$`, "section label", atMost(31)),
		j(`^(news desk|staff reporter|agencies)\s*:?$`, "byline", first("nNsSaA")),
		j(`^by\s+\S.{0,60}$`, "byline", first("bB")),
		j(`^(`+month+`\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+`+month+`\s+\d{4})$`, "dateline", last("0123456789")),
		j(`^<?https?://\S+>?$`, "link", first("<hH")),
		j(`^\S{1,20}\s+\S{1,20}\s*:$`, "label", last(":")),
		{match: subscriptionNotice().matches, reason: "subscription or legal notice"},
		{match: commentPolicy().matches, reason: "comment policy"},
	}
}

// boilerplate is a kind of page text known by its phrases, any one of which
// news prose may use too: "Russia would not sign up to the treaty", "'We
// will not tolerate interference,' Lavrov said", "the comments were
// rejected". A line is of the kind only when it reads as the page speaking
// to its reader: it starts with one of the phrases ("Subscribe to…",
// "Comments are moderated…", "By signing up…"), holds one that nothing but
// a page says (telling), holds two different ones, or holds one that
// invites to subscribe next to what is subscribed to (invite).
//
// Phrases are found as lower-case text, and a pattern is tried only on a
// line that holds its phrase's text: Article runs on every line the
// stream's pre-check (tag's mayNotBeBody) lets through, and a dozen
// regular expressions over a paragraph cost more than splitting it.
type boilerplate struct {
	phrases []phrase
	skip    []string // what a line may start with before its phrase ("by ")
	start   []phrase // phrases a line may start with; nil: all of phrases
	telling []string
	invite  func() *regexp.Regexp // tried on a line holding one of phrases
}

// phrase is one of a boilerplate's phrases: any of texts, in lower case,
// and then, if set, re.
type phrase struct {
	texts []string
	re    func() *regexp.Regexp
}

// in reports whether lower, a line in lower case, holds p.
func (p phrase) in(lower string) bool {
	for _, t := range p.texts {
		if strings.Contains(lower, t) {
			return p.re == nil || p.re().MatchString(lower)
		}
	}
	return false
}

// startsWith reports whether lower starts with p.
func (p phrase) startsWith(lower string) bool {
	for _, t := range p.texts {
		if strings.HasPrefix(lower, t) {
			return p.re == nil || p.re().MatchString(lower)
		}
	}
	return false
}

func (b boilerplate) matches(line string) bool {
	lower := strings.ToLower(line)
	n := 0
	for _, p := range b.phrases {
		if p.in(lower) {
			n++
		}
	}
	if n == 0 {
		return false
	}
	if n >= 2 {
		return true
	}
	for _, t := range b.telling {
		if strings.Contains(lower, t) {
			return true
		}
	}
	if b.invite != nil && b.invite().MatchString(lower) {
		return true
	}
	head := strings.TrimLeftFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, s := range b.skip {
		head = strings.TrimPrefix(head, s)
	}
	start := b.start
	if start == nil {
		start = b.phrases
	}
	for _, p := range start {
		if p.startsWith(head) {
			return true
		}
	}
	return false
}

// The page's phrases, in lower case. A subscription prompt or legal
// notice holds one of subscriptionPhrases (a phrase, any of its forms); a
// comment policy holds one of commentPolicyPhrases, or "comment" and then
// one of commentPolicyWords.
var (
	subscriptionPhrases = [][]string{{"sign up", "signing up"}, {"subscribe"}, {"newsletter"}, {"privacy policy"},
		{"terms and conditions"}, {"republication"}, {"purchase this article"}, {"all rights reserved"},
		{"delivered straight to your inbox"}}
	commentPolicyPhrases = []string{"community guidelines", "we will not tolerate", "constructive criticism", "profanity"}
	commentPolicyWords   = []string{"moderat", "approv", "reject", "guidelines", "submitted", "edited"}
)

// NonBodyPhrases returns, in lower case, what a line that is not short,
// not a link, not a byline and not a label must hold for Article to leave
// it out: one of phrases, or "comment" and one of commentWords. A stream
// can pass every line that holds none of them by Article (package tag
// does).
func NonBodyPhrases() (phrases, commentWords []string) {
	return append(slices.Concat(subscriptionPhrases...), commentPolicyPhrases...), slices.Clone(commentPolicyWords)
}

// subscriptionNotice and commentPolicy are made by junkLines, on first
// need; their patterns are compiled on a line that holds a phrase.
func subscriptionNotice() boilerplate {
	b := boilerplate{
		skip:    []string{"please ", "click here to ", "by "},
		telling: []string{"delivered straight to your inbox", "purchase this article", "all rights reserved"},
		invite:  lazyRegexp(`\b(subscribe|sign(ing)? up)\b.{0,40}\b(newsletters?|inbox|e-?mails?|alerts|digest|briefing|podcast|channel)\b`),
	}
	for _, texts := range subscriptionPhrases {
		b.phrases = append(b.phrases, phrase{texts: texts})
	}
	return b
}

func commentPolicy() boilerplate {
	moderated := phrase{texts: []string{"comment"},
		re: lazyRegexp(`\bcomments?\b.*\b(` + strings.Join(commentPolicyWords, "|") + `)`)}
	return boilerplate{
		phrases: append([]phrase{moderated}, phrasesOf(commentPolicyPhrases...)...),
		// "We will not tolerate…" starts quotes too often.
		start: append([]phrase{moderated}, phrasesOf("community guidelines", "constructive criticism", "profanity")...),
	}
}

// phrasesOf returns a phrase for each text.
func phrasesOf(texts ...string) []phrase {
	ps := make([]phrase, len(texts))
	for i, t := range texts {
		ps[i] = phrase{texts: []string{t}}
	}
	return ps
}

// A link list is a run of at least minLinkRun non-blank lines none of which
// reads as prose: other stories' headlines under an article ("Tesla begins
// hiring in India after…"). A lone heading inside an article is not a run.
const minLinkRun = 5

// A line of at least minWrapWords words that ends mid-clause (in a
// lower-case letter or a comma) may be a paragraph broken by a hard line
// wrap (see hardWrapped). Headlines are shorter than this, and captions that
// end without a period carry a sentence end inside, so neither is joined.
const minWrapWords = 14

// Article splits the text of a news article into units: body sentences, in
// order, and the lines left out as not body. It works a line at a time,
// because Punkt never ends a sentence at a newline while headings, captions
// and bylines are lines of their own:
//
//  1. lines matching page furniture (bylines, datelines, comment policies,
//     subscription prompts, bare links, section labels) are left out;
//  2. a run of minLinkRun or more lines that do not read as prose is left
//     out as a list of other stories' headlines;
//  3. a line that repeats the line just before it is left out;
//  4. a line broken by a hard wrap is joined to the next line: when the next
//     line starts in lower case ("American officials" / "say."), or when the
//     line is long, ends mid-clause and holds no sentence end (see
//     minWrapWords). Across a blank line only once the body has begun (a
//     line before reads as prose) or when the next line starts in lower
//     case: pages cut paragraphs with blank lines, but above the body a
//     long line without a full stop is a headline or a standfirst, not
//     the lead's first words;
//  5. what remains is split into sentences.
func (s *Splitter) Article(text string) []Unit {
	type line struct {
		n    int
		text string
	}
	var lines []line
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(strings.ToValidUTF8(l, "\uFFFD"))
		if l != "" {
			lines = append(lines, line{i + 1, l})
		}
	}
	reasons := make([]string, len(lines))
	for i, l := range lines {
		for _, j := range s.junk() {
			if j.matches(l.text) {
				reasons[i] = j.reason
				break
			}
		}
	}
	// Link lists: runs of non-prose lines, counting lines already marked as
	// furniture as part of the run so that a "Comments" label inside a list
	// does not break it.
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && (!readsAsProse(lines[j].text) || reasons[j] != "") {
			j++
		}
		if j-i >= minLinkRun {
			for k := i; k < j; k++ {
				if reasons[k] == "" {
					reasons[k] = "list of other stories' headlines"
				}
			}
		}
		if j == i {
			j++
		}
		i = j
	}
	for i := 1; i < len(lines); i++ {
		if reasons[i] == "" && lines[i].text == lines[i-1].text {
			reasons[i] = "repeats the line before it"
		}
	}

	var units []Unit
	bodyBegun := false // a line before reads as prose (see step 4)
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if reasons[i] != "" {
			units = append(units, Unit{Line: l.n, Text: l.text, Reason: reasons[i]})
			continue
		}
		para := l.text
		for i+1 < len(lines) && reasons[i+1] == "" &&
			hardWrapped(para, lines[i+1].text, lines[i+1].n == lines[i].n+1 || bodyBegun) {
			i++
			para += " " + lines[i].text
		}
		bodyBegun = bodyBegun || readsAsProse(para)
		for _, sent := range s.Sentences(para) {
			units = append(units, Unit{Line: l.n, Text: sent})
		}
	}
	return units
}

// readsAsProse reports whether a line ends the way a body paragraph does: in
// a period or exclamation mark, possibly inside closing quotes, but not in
// an ellipsis (a teaser cut short: "set to issue..."). A question mark does
// not count: headlines ask questions ("who is better?") far more often than
// a run of body paragraphs does.
func readsAsProse(s string) bool {
	s = strings.TrimRight(s, `"'”’)*`)
	if strings.HasSuffix(s, "...") || strings.HasSuffix(s, "…") {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '.' || r == '!'
}

// hardWrapped reports whether next continues the paragraph cur, cut by a
// hard line wrap: cur is long, ends mid-clause, and either next starts in
// lower case or, when noEnd allows it, cur holds no sentence end at all
// (Article allows it between adjacent lines, and across a blank line once
// the body has begun). Short lines are headings even when the next line
// starts in lower case ("… widens" / "is asks militants…", where "is" is
// the group IS).
func hardWrapped(cur, next string, noEnd bool) bool {
	last, _ := utf8.DecodeLastRuneInString(cur)
	if !unicode.IsLower(last) && last != ',' {
		return false
	}
	if len(strings.Fields(cur)) < minWrapWords {
		return false
	}
	first, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(first) || noEnd && !strings.ContainsAny(cur, ".!?")
}

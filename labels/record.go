package labels

// Record is one sentence of an article with its labels. Index is the
// sentence's 0-based position among the article's body sentences, so
// (Article, Index) names a sentence uniquely. Stance and Sentiment are empty
// in an unlabelled file, such as the output of `stance split`.
type Record struct {
	Article   string `json:"article"`
	Index     int    `json:"index"`
	Text      string `json:"text"`
	Stance    string `json:"stance"`
	Sentiment string `json:"sentiment"`
	Note      string `json:"note,omitempty"`
}

// Label returns the record's label for target t.
func (r Record) Label(t Target) string {
	if t == Sentiment {
		return r.Sentiment
	}
	return r.Stance
}

// Articles returns the distinct article ids of recs in first-seen order.
func Articles(recs []Record) []string {
	var ids []string
	seen := make(map[string]bool)
	for _, r := range recs {
		if !seen[r.Article] {
			seen[r.Article] = true
			ids = append(ids, r.Article)
		}
	}
	return ids
}

// ArticleRuns groups the records of recs named by idx (every record when
// idx is nil) by article: one list of indices into recs per article, in
// the order idx gives them, the articles in first-seen order. It is how
// a model sees a sentence in the context of its article's others.
func ArticleRuns(recs []Record, idx []int) [][]int {
	at := make(map[string]int)
	var runs [][]int
	add := func(i int) {
		k, ok := at[recs[i].Article]
		if !ok {
			k = len(runs)
			at[recs[i].Article] = k
			runs = append(runs, nil)
		}
		runs[k] = append(runs[k], i)
	}
	if idx == nil {
		for i := range recs {
			add(i)
		}
	}
	for _, i := range idx {
		add(i)
	}
	return runs
}

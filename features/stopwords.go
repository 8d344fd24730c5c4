package features

// isStopWord reports whether w is dropped when Settings.StopWords is set.
// The list is a common English one with the words that carry stance taken
// out: negators (not, no, nor, never, without), contrast and concession
// (but, though, although, despite, against, while), and the modals that mark
// possibility (could, would, should, will, can, may, might).
func isStopWord(w string) bool {
	switch w {
	case "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "by", "for", "from",
		"with", "as", "into", "about", "over", "after", "before", "between", "through", "during",
		"is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having",
		"do", "does", "did", "doing", "it", "its", "itself", "this", "that", "these", "those",
		"he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs", "we", "our",
		"ours", "you", "your", "i", "me", "my", "us", "who", "whom", "which", "what", "whose",
		"there", "here", "then", "than", "so", "such", "also", "just", "very", "too", "some",
		"any", "each", "other", "own", "same", "more", "most", "up", "down", "out", "off",
		"again", "further", "once", "if", "because", "until", "when", "where", "why", "how",
		"said", "says", "say", "told", "<num>":
		return true
	}
	return false
}

package features

import (
	"fmt"
	"strings"
)

// Settings fixes how text becomes features. A model saves the Settings it
// was trained with, phrase lists included, so that classifying extracts
// features exactly as training did even after the lexicon files change.
type Settings struct {
	// Bigrams adds pairs of neighbouring words within a clause to the
	// unigrams ("common enemy").
	Bigrams bool `json:"bigrams"`
	// Binary counts a feature once per sentence however often it occurs,
	// which suits short texts (Wang and Manning 2012). The counter applies
	// it; Extract reports every occurrence.
	Binary bool `json:"binary"`
	// Negation prefixes words in a negation scope with NOT_.
	Negation bool `json:"negation"`
	// Stem reduces words to their Snowball stems.
	Stem bool `json:"stem"`
	// StopWords drops common function words, keeping negators, contrast
	// words and modals.
	StopWords bool `json:"stop_words"`
	// Polarity adds a feature per sentence for its VADER lexicon polarity
	// (see polarityBucket), repeated Polarity times, so that a lexicon
	// learned from thousands of words can outweigh a few dozen sentence
	// words learned from eighty sentences. 0: off.
	Polarity int `json:"polarity"`
	// MinDF drops features seen in fewer than MinDF training sentences.
	MinDF int `json:"min_df"`
	// Actors maps mentions of each country to one token ("the Kremlin",
	// "Lavrov" -> <ru>). Empty: off.
	Actors []Phrase `json:"actors,omitempty"`
	// Cues adds a feature <cue:LABEL> for every cue phrase found. Empty:
	// off.
	Cues []Phrase `json:"cues,omitempty"`
}

// Default returns the settings `stance train` uses unless told otherwise;
// README.md gives the evaluation that chose them.
func Default() Settings {
	return Settings{
		Bigrams:   true,
		Binary:    true,
		Negation:  true,
		Stem:      true,
		StopWords: true,
		Polarity:  1,
		MinDF:     1,
		Actors:    BuiltinActors(),
		Cues:      BuiltinCues(),
	}
}

// Validate reports settings a model cannot use.
func (s Settings) Validate() error {
	if s.Polarity < 0 || s.Polarity > 100 {
		return fmt.Errorf("polarity weight is %d; want 0 to 100", s.Polarity)
	}
	if s.MinDF < 1 {
		return fmt.Errorf("min_df is %d; want at least 1", s.MinDF)
	}
	for _, p := range s.Actors {
		if !contains(actorTags, p.Tag) || strings.TrimSpace(p.Text) == "" {
			return fmt.Errorf("bad actor alias %+v", p)
		}
	}
	for _, p := range s.Cues {
		if !contains(cueTags, p.Tag) || strings.TrimSpace(p.Text) == "" {
			return fmt.Errorf("bad cue %+v", p)
		}
	}
	return nil
}

// String describes the settings in one line, for reports.
func (s Settings) String() string {
	var on []string
	add := func(b bool, name string) {
		if b {
			on = append(on, name)
		}
	}
	on = append(on, "unigrams")
	add(s.Bigrams, "bigrams")
	add(s.Binary, "binary")
	add(s.Negation, "negation")
	add(s.Stem, "stem")
	add(s.StopWords, "stop-words")
	add(s.Polarity > 0, fmt.Sprintf("polarity×%d", s.Polarity))
	add(len(s.Actors) > 0, fmt.Sprintf("actors(%d)", len(s.Actors)))
	add(len(s.Cues) > 0, fmt.Sprintf("cues(%d)", len(s.Cues)))
	if s.MinDF > 1 {
		on = append(on, fmt.Sprintf("min-df=%d", s.MinDF))
	}
	return strings.Join(on, " ")
}

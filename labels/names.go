package labels

// The labels code asks for by their role rather than spelling them: the
// two polar labels (see Polar) and the neutral one. Outside this package
// no code writes "positive" or "obstacle" itself, so the label sets live
// in one place.

// Negative returns the polar label at the unfavourable end: obstacle for
// stance, negative for sentiment.
func (t Target) Negative() string { return t.Polar()[0] }

// Positive returns the polar label at the favourable end: opening for
// stance, positive for sentiment.
func (t Target) Positive() string { return t.Polar()[1] }

// Neutral returns the label that takes no position: what a sentence with no
// evidence either way is given.
func (t Target) Neutral() string { return "neutral" }

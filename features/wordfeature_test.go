package features

import "testing"

func TestWordFeature(t *testing.T) {
	s := Default()
	x, err := s.NewExtractor()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		word string
		want string
		ok   bool
	}{
		{"working", "work", true},
		{"distrust", "distrust", true},
		{"the", "", false},   // a stop word
		{":-)", "", false},   // not a word
		{"can't", "", false}, // two tokens
		{"good bye", "", false},
		{"US", "", false}, // becomes u.s., not itself
	}
	for _, tt := range tests {
		got, ok := x.WordFeature(tt.word)
		if got != tt.want || ok != tt.ok {
			t.Errorf("WordFeature(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
}

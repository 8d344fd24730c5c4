package termsafe

import "testing"

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"plain text":          "plain text",
		"a\tb\nc\rd":          "a b c d",
		"\x1b[31mred":         `\x1b[31mred`,
		"bell\a":              `bell\x07`,
		"c1 \u009b":           `c1 \u009b`,
		"rtl \u202eevil":      `rtl \u202eevil`,
		"isolate \u2066x":     `isolate \u2066x`,
		"curly “quotes” — ok": "curly “quotes” — ok",
	} {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q; want %q", in, got, want)
		}
	}
}

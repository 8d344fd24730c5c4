package summary

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is a length of time that dates are grouped by.
type Period string

const (
	Year    Period = "year"
	Quarter Period = "quarter"
	Month   Period = "month"
	Week    Period = "week" // ISO 8601 weeks, from Monday
	Day     Period = "day"
)

// Key is one thing records are grouped by: the article, a passed-through
// field, or a field holding a date, cut to a period.
type Key struct {
	Field  string // "article" is the article id
	Period Period // "" for the field's value as it is
}

// ParseKey reads a key as --by gives it: "article", "outlet",
// "date:month".
func ParseKey(s string) (Key, error) {
	field, period, cut := strings.Cut(s, ":")
	if strings.TrimSpace(field) == "" {
		return Key{}, fmt.Errorf("group key %q: name a field, e.g. outlet or date:month", s)
	}
	k := Key{Field: field}
	if cut {
		switch p := Period(period); p {
		case Year, Quarter, Month, Week, Day:
			k.Period = p
		default:
			return Key{}, fmt.Errorf("group key %q: unknown period %q (want year, quarter, month, week or day)", s, period)
		}
	}
	return k, nil
}

func (k Key) String() string {
	if k.Period == "" {
		return k.Field
	}
	return k.Field + ":" + string(k.Period)
}

// None is the key value of a record without the field.
const None = "(none)"

// parseDate reads the date a field holds: 2014-09-24, with a time or
// anything else but a digit after it (2014-09-24T10:00:00Z,
// 2014-09-24-reuters: an article id made of a file name that starts with
// its date), or, for periods that need no more, 2014-09 or 2014.
func parseDate(s string, p Period) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil && (len(s) == 10 || s[10] < '0' || s[10] > '9') {
			return t, nil
		}
	}
	switch {
	case len(s) == 7 && (p == Month || p == Quarter || p == Year):
		if t, err := time.Parse("2006-01", s); err == nil {
			return t, nil
		}
	case len(s) == 4 && p == Year:
		if t, err := time.Parse("2006", s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date such as 2014-09-24", s)
}

// periodOf returns the name of the period t falls in: "2014", "2014-Q3",
// "2014-09", "2014-W39", "2014-09-24". Names sort in time order.
func periodOf(t time.Time, p Period) string {
	switch p {
	case Year:
		return strconv.Itoa(t.Year())
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", t.Year(), (int(t.Month())+2)/3)
	case Month:
		return t.Format("2006-01")
	case Week:
		y, w := t.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	}
	return t.Format("2006-01-02")
}

// periodIndex places a period's name on a line of whole numbers, one a
// period, for the time axis of a chart; ok is false for a name that is
// not a period (None).
func periodIndex(name string, p Period) (int, bool) {
	switch p {
	case Year:
		y, err := strconv.Atoi(name)
		return y, err == nil
	case Quarter:
		var y, q int
		if _, err := fmt.Sscanf(name, "%d-Q%d", &y, &q); err != nil {
			return 0, false
		}
		return y*4 + q - 1, true
	case Month:
		t, err := time.Parse("2006-01", name)
		if err != nil {
			return 0, false
		}
		return t.Year()*12 + int(t.Month()) - 1, true
	case Week:
		var y, w int
		if _, err := fmt.Sscanf(name, "%d-W%d", &y, &w); err != nil {
			return 0, false
		}
		// Monday of ISO week 1 is the Monday on or before January 4th.
		jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
		monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
		days := int(monday.AddDate(0, 0, 7*(w-1)).Unix() / 86400)
		return floorDiv(days, 7), true // Mondays are 7k+4 days from 1970-01-01, a Thursday
	case Day:
		t, err := time.Parse("2006-01-02", name)
		if err != nil {
			return 0, false
		}
		return int(t.Unix() / 86400), true
	}
	return 0, false
}

// periodName is the inverse of periodIndex, for axis labels.
func periodName(i int, p Period) string {
	switch p {
	case Year:
		return strconv.Itoa(i)
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", floorDiv(i, 4), i-floorDiv(i, 4)*4+1)
	case Month:
		return fmt.Sprintf("%04d-%02d", floorDiv(i, 12), i-floorDiv(i, 12)*12+1)
	case Week:
		return periodOf(time.Unix((int64(i)*7+4)*86400, 0).UTC(), Week)
	}
	return time.Unix(int64(i)*86400, 0).UTC().Format("2006-01-02")
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

package eval

import "strconv"

// ftoa prints a float as briefly as it can be read back exactly.
func ftoa(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// f3 prints a score with three decimals, the precision of every table.
func f3(f float64) string { return strconv.FormatFloat(f, 'f', 3, 64) }

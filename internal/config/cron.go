package config

import (
	"fmt"
	"strconv"
	"strings"
)

// cronField describes one of the five fields of Cloudflare's cron dialect (spec 1.6).
type cronField struct {
	name     string
	min, max int
	names    []string // names[i] stands for min+i
	special  func(string) bool
}

var cronFields = []cronField{
	{name: "minute", min: 0, max: 59},
	{name: "hour", min: 0, max: 23},
	{name: "day of month", min: 1, max: 31, special: domSpecial},
	{name: "month", min: 1, max: 12, names: []string{"JAN", "FEB", "MAR", "APR", "MAY",
		"JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
	{name: "day of week", min: 1, max: 7, special: dowSpecial,
		names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}},
}

// checkCron checks the syntax of a cron expression: five fields, each a list of "*",
// values, ranges and steps within the field's bounds, plus L, W and # where Cloudflare
// allows them. Scheduling is internal/cron's job.
func checkCron(expr string) error {
	fields := strings.Fields(expr)
	if len(fields) != len(cronFields) {
		return fmt.Errorf("want 5 fields (minute hour day-of-month month day-of-week), "+
			"found %d", len(fields))
	}
	for i, f := range fields {
		spec := cronFields[i]
		for _, part := range strings.Split(f, ",") {
			if err := spec.checkPart(strings.ToUpper(part)); err != nil {
				return fmt.Errorf("%s field %q: %w", spec.name, f, err)
			}
		}
	}
	return nil
}

func (cf cronField) checkPart(part string) error {
	if part == "" {
		return fmt.Errorf("empty list item")
	}
	if cf.special != nil && cf.special(part) {
		if !strings.ContainsAny(part, "0123456789") {
			return nil
		}
		digits := strings.TrimRight(strings.SplitN(part, "#", 2)[0], "LW")
		if digits == "" || strings.HasPrefix(part, "L-") {
			return nil
		}
		_, err := cf.value(digits)
		return err
	}
	base, step, hasStep := strings.Cut(part, "/")
	if hasStep {
		n, err := strconv.Atoi(step)
		if err != nil || n < 1 || n > cf.max {
			return fmt.Errorf("step %q is not a number from 1 to %d", step, cf.max)
		}
	}
	if base == "*" || base == "?" && cf.special != nil {
		return nil
	}
	lo, hi, isRange := strings.Cut(base, "-")
	a, err := cf.value(lo)
	if err != nil {
		return err
	}
	if !isRange {
		return nil
	}
	b, err := cf.value(hi)
	if err != nil {
		return err
	}
	if b < a {
		return fmt.Errorf("range %q runs backwards", base)
	}
	return nil
}

func (cf cronField) value(s string) (int, error) {
	for i, n := range cf.names {
		if s == n {
			return cf.min + i, nil
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < cf.min || n > cf.max {
		if cf.names != nil {
			return 0, fmt.Errorf("%q is not %d-%d or %s-%s", s, cf.min, cf.max, cf.names[0],
				cf.names[len(cf.names)-1])
		}
		return 0, fmt.Errorf("%q is not a number from %d to %d", s, cf.min, cf.max)
	}
	return n, nil
}

// domSpecial matches the day-of-month forms L, LW, L-n and nW.
func domSpecial(s string) bool {
	return s == "L" || s == "LW" || strings.HasPrefix(s, "L-") && isDigits(s[2:]) ||
		strings.HasSuffix(s, "W") && isDigits(strings.TrimSuffix(s, "W"))
}

// dowSpecial matches the day-of-week forms L, nL and n#k (k from 1 to 5).
func dowSpecial(s string) bool {
	if s == "L" || strings.HasSuffix(s, "L") && isDigits(strings.TrimSuffix(s, "L")) {
		return true
	}
	d, k, ok := strings.Cut(s, "#")
	return ok && isDigits(d) && len(k) == 1 && k[0] >= '1' && k[0] <= '5'
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

package webapi

import "testing"

func TestForgivingBase64Decode(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"", "", true},
		{"YQ", "a", true},
		{"YQ==", "a", true},
		{"YQ=", "", false},
		{"Y Q = =", "a", true},
		{"\tYW\nJj\f\r", "abc", true},
		{"YR==", "a", true}, // non-zero padding bits are discarded
		{"Y", "", false},
		{"YQ===", "", false},
		{"Y=Q=", "", false},
		{"YQ\v", "", false}, // vertical tab is not ASCII whitespace here
		{"_-8=", "", false},
		{"+/8=", "\xfb\xff", true},
	}
	for _, tt := range tests {
		got, ok := forgivingBase64Decode(tt.in)
		if ok != tt.ok || ok && string(got) != tt.want {
			t.Errorf("forgivingBase64Decode(%q) = %q, %v; want %q, %v", tt.in, got, ok,
				tt.want, tt.ok)
		}
	}
}

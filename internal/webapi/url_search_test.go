package webapi

import (
	"slices"
	"testing"
)

func TestParseFormURLEncoded(t *testing.T) {
	tests := []struct {
		in   string
		want []nameValue
	}{
		{"", nil},
		{"a=1&&b", []nameValue{{"a", "1"}, {"b", ""}}},
		{"a+b=c+d", []nameValue{{"a b", "c d"}}},
		{"%2B=%2b%zz", []nameValue{{"+", "+%zz"}}},
		{"x=%E2%82", []nameValue{{"x", "\uFFFD"}}},
		{"=&==", []nameValue{{"", ""}, {"", "="}}},
	}
	for _, tt := range tests {
		if got := parseFormURLEncoded(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("parseFormURLEncoded(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSerializeFormURLEncoded(t *testing.T) {
	got := serializeFormURLEncoded([]nameValue{{"a b", "*-._~"}, {"é", "&="}, {"", ""}})
	if want := "a+b=*-._%7E&%C3%A9=%26%3D&="; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCompareUTF16(t *testing.T) {
	tests := []struct {
		a, b string
		sign int
	}{
		{"a", "b", -1},
		{"a", "a", 0},
		{"a", "ab", -1},
		{"\uFFFD", "\U0001F600", 1}, // 0xFFFD > 0xD83D in UTF-16, though not in code points
		{"\U0001F600", "\U0001F601", -1},
		{"\uE000", "\U00010000", 1},
	}
	for _, tt := range tests {
		got := compareUTF16(tt.a, tt.b)
		if got < 0 && tt.sign >= 0 || got > 0 && tt.sign <= 0 || got == 0 && tt.sign != 0 {
			t.Errorf("compareUTF16(%q, %q) = %d, want sign %d", tt.a, tt.b, got, tt.sign)
		}
	}
}

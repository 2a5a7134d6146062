package jsrt

import (
	"context"
	"net/http/httptest"
	"testing"
)

func TestTail(t *testing.T) {
	producer := testPool(t, "fetch/module.ts", Options{Name: "producer"})
	inv := Invocation{Env: &testEnv{vars: map[string]any{"NAME": "p"}}}
	r := httptest.NewRequest("POST", "https://example.com/echo/0123456789abcdef0123456789abcdef", nil)
	r.Header.Set("Authorization", "Bearer secret")
	r.Header.Add("Accept", "a")
	r.Header.Add("Accept", "b")
	_, fetched, err := producer.Fetch(context.Background(), r, inv)
	if err != nil {
		t.Fatal(err)
	}
	_, failed, _ := producer.Fetch(context.Background(), httptest.NewRequest("GET", "/throw", nil), inv)

	consumer := testPool(t, "handlers/tail.ts", Options{Name: "consumer"})
	tr, err := consumer.Tail(context.Background(), []*Trace{fetched.Final(), failed.Final()}, Invocation{})
	if err != nil {
		t.Fatal(err)
	}
	wantLogs(t, tr,
		`{"script":"producer","outcome":"ok","logs":[],"exceptions":[],"event":{"url":"https://example.com/echo/REDACTED",`+
			`"headers":{"accept":"a, b","authorization":"REDACTED"},"status":404,"raw":"Bearer secret"},"times":true}`,
		`{"script":"producer","outcome":"exception","logs":[],"exceptions":["Error: fetch failed"],"event":{"url":"http://example.com/throw",`+
			`"headers":{}},"times":true}`)
	if tr.Event.Type != "tail" || len(tr.Event.ConsumedScripts) != 2 {
		t.Errorf("event %+v", tr.Event)
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://a.example/users/42":                                   "https://a.example/users/42",
		"https://a.example/k/0123456789abcdef0123456789ABCDEF/x":       "https://a.example/k/REDACTED/x",
		"https://a.example/?t=AbCdEfGh12345678901xyz":                  "https://a.example/?t=REDACTED",
		"https://a.example/?t=abcdefghijklmnopqrstuvwxyz":              "https://a.example/?t=abcdefghijklmnopqrstuvwxyz",
		"https://a.example/?t=0123456789abcdef0123456789abcde&x=short": "https://a.example/?t=0123456789abcdef0123456789abcde&x=short",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
}

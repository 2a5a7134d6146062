package server

import (
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/portico-dev/portico/internal/pipeline"
)

// ErrorPage returns the pipeline's error page maker. In dev it shows what failed and,
// for an uncaught exception, the source-mapped stack: HTML when the client is a browser
// (Accept lists text/html), plain text otherwise. Outside dev a client gets a plain 500
// and the log gets the details.
func ErrorPage(dev bool) func(r *http.Request, err error) *http.Response {
	if !dev {
		return nil
	}
	return devErrorPage
}

func devErrorPage(r *http.Request, err error) *http.Response {
	title, detail := "Error", err.Error()
	var ex *pipeline.Exception
	if errors.As(err, &ex) {
		title = fmt.Sprintf("Uncaught exception in worker %q", ex.Worker)
		detail = ex.Message
		if ex.Stack != "" {
			detail = stackText(ex)
		}
	}
	var body, ctype string
	if strings.Contains(r.Header.Get("Accept"), "text/html") {
		ctype = "text/html; charset=utf-8"
		body = fmt.Sprintf(`<!doctype html>
<meta charset="utf-8">
<title>500 %s</title>
<style>body{font:15px system-ui,sans-serif;margin:2em}pre{background:#f6f6f6;padding:1em;`+
			`overflow:auto}</style>
<h1>%s</h1>
<p>%s %s</p>
<pre>%s</pre>
<p>This page is shown by portico dev; a deployed worker answers a plain 500.</p>
`, html.EscapeString(title), html.EscapeString(title), html.EscapeString(r.Method),
			html.EscapeString(r.URL.String()), html.EscapeString(detail))
	} else {
		ctype = "text/plain; charset=utf-8"
		body = fmt.Sprintf("%s\n%s %s\n\n%s\n", title, r.Method, r.URL, detail)
	}
	return &http.Response{
		StatusCode: http.StatusInternalServerError, Status: "500 Internal Server Error",
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {ctype},
			"Content-Length": {strconv.Itoa(len(body))}},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       r,
	}
}

// stackText is the exception's message followed by its stack, without repeating the
// message when the stack starts with it.
func stackText(ex *pipeline.Exception) string {
	if strings.HasPrefix(ex.Stack, ex.Message) {
		return ex.Stack
	}
	return ex.Message + "\n" + ex.Stack
}

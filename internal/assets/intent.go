package assets

import "strings"

// HTML handling modes (html_handling).
const (
	AutoTrailingSlash  = "auto-trailing-slash"
	ForceTrailingSlash = "force-trailing-slash"
	DropTrailingSlash  = "drop-trailing-slash"
	HTMLNone           = "none"
)

// Not-found handling modes (not_found_handling).
const (
	SinglePageApplication = "single-page-application"
	NotFoundPage          = "404-page"
	NotFoundNone          = "none"
)

// intent is what a decoded path resolves to: an asset with a status, or a
// redirect to another decoded path. The zero value is "no intent".
type intent struct {
	entry    *Entry
	status   int
	redirect string
}

func (in intent) found() bool { return in.entry != nil || in.redirect != "" }

// resolver applies html_handling and not_found_handling over a manifest.
type resolver struct {
	m        *Manifest
	html     string
	notFound string
}

func (rs resolver) exists(p string) *Entry {
	e, _ := rs.m.Lookup(p)
	return e
}

func serve(e *Entry, status int) intent { return intent{entry: e, status: status} }

// intent resolves a decoded path. skipRedirects is set while checking that a
// redirect is safe.
func (rs resolver) intent(p string, skipRedirects bool) intent {
	var in intent
	switch rs.html {
	case ForceTrailingSlash:
		in = rs.force(p, skipRedirects)
	case DropTrailingSlash:
		in = rs.drop(p, skipRedirects)
	case HTMLNone:
		if e := rs.exists(p); e != nil {
			in = serve(e, 200)
		}
	default:
		in = rs.auto(p, skipRedirects)
	}
	if in.found() {
		return in
	}
	return rs.fallback(p)
}

// safeRedirect answers a redirect to dest when dest is not itself an asset
// and resolving dest (without redirects) serves the same content as file.
// This keeps html_handling from looping or redirecting to other content.
func (rs resolver) safeRedirect(file, dest string, skip bool) (intent, bool) {
	if skip || rs.exists(dest) != nil {
		return intent{}, false
	}
	f := rs.exists(file)
	if f == nil {
		return intent{}, false
	}
	to := rs.intent(dest, true)
	if to.entry == nil || to.entry.Hash != f.Hash {
		return intent{}, false
	}
	return intent{redirect: dest}, true
}

// fallback applies not_found_handling.
func (rs resolver) fallback(p string) intent {
	switch rs.notFound {
	case SinglePageApplication:
		if e := rs.exists("/index.html"); e != nil {
			return serve(e, 200)
		}
	case NotFoundPage:
		for dir := p; dir != ""; {
			dir = dir[:strings.LastIndexByte(dir, '/')]
			if e := rs.exists(dir + "/404.html"); e != nil {
				return serve(e, 404)
			}
		}
	}
	return intent{}
}

// try runs safe-redirect candidates (file, destination pairs) in order.
func (rs resolver) try(skip bool, pairs ...string) (intent, bool) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if in, ok := rs.safeRedirect(pairs[i], pairs[i+1], skip); ok {
			return in, true
		}
	}
	return intent{}, false
}

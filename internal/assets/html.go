package assets

import "strings"

// The three trailing-slash modes of html_handling. Each checks the shapes of
// the path (".../index", ".../index.html", ".../", "....html") and then the
// plain path, offering a safe 307 to the mode's canonical form or serving the
// file that the canonical form stands for. An exact non-HTML file always wins.

// auto serves "/file" from file.html and "/dir/" from dir/index.html.
func (rs resolver) auto(p string, skip bool) intent {
	exact := rs.exists(p)
	switch {
	case strings.HasSuffix(p, "/index"):
		if exact != nil {
			return serve(exact, 200)
		}
		dir := strings.TrimSuffix(p, "index")
		if in, ok := rs.try(skip, p+".html", dir, dir[:len(dir)-1]+".html",
			dir[:len(dir)-1]); ok {
			return in
		}
	case strings.HasSuffix(p, "/index.html"):
		dir := strings.TrimSuffix(p, "index.html")
		if in, ok := rs.try(skip, p, dir, dir[:len(dir)-1]+".html", dir[:len(dir)-1]); ok {
			return in
		}
	case strings.HasSuffix(p, "/"):
		if e := rs.exists(p + "index.html"); e != nil {
			return serve(e, 200)
		}
		base := p[:len(p)-1]
		if in, ok := rs.try(skip, base+".html", base); ok {
			return in
		}
	case strings.HasSuffix(p, ".html"):
		base := strings.TrimSuffix(p, ".html")
		if in, ok := rs.try(skip, p, base, base+"/index.html", base+"/"); ok {
			return in
		}
	}
	if exact != nil {
		return serve(exact, 200)
	}
	if e := rs.exists(p + ".html"); e != nil {
		return serve(e, 200)
	}
	in, _ := rs.try(skip, p+"/index.html", p+"/")
	return in
}

// force serves "/file/" from file.html and "/dir/" from dir/index.html.
func (rs resolver) force(p string, skip bool) intent {
	exact := rs.exists(p)
	switch {
	case strings.HasSuffix(p, "/index"):
		if exact != nil {
			return serve(exact, 200)
		}
		dir := strings.TrimSuffix(p, "index")
		if in, ok := rs.try(skip, p+".html", dir, dir[:len(dir)-1]+".html", dir); ok {
			return in
		}
	case strings.HasSuffix(p, "/index.html"):
		dir := strings.TrimSuffix(p, "index.html")
		if in, ok := rs.try(skip, p, dir, dir[:len(dir)-1]+".html", dir); ok {
			return in
		}
	case strings.HasSuffix(p, "/"):
		if e := rs.exists(p + "index.html"); e != nil {
			return serve(e, 200)
		}
		if e := rs.exists(p[:len(p)-1] + ".html"); e != nil {
			return serve(e, 200)
		}
	case strings.HasSuffix(p, ".html"):
		base := strings.TrimSuffix(p, ".html")
		if in, ok := rs.try(skip, p, base+"/"); ok {
			return in
		}
		if exact != nil {
			return serve(exact, 200)
		}
		if in, ok := rs.try(skip, base+"/index.html", base+"/"); ok {
			return in
		}
	}
	if exact != nil {
		return serve(exact, 200)
	}
	in, _ := rs.try(skip, p+".html", p+"/", p+"/index.html", p+"/")
	return in
}

// drop serves "/file" from file.html and "/dir" from dir/index.html; "/" is
// never dropped.
func (rs resolver) drop(p string, skip bool) intent {
	exact := rs.exists(p)
	switch {
	case strings.HasSuffix(p, "/index"):
		if exact != nil {
			return serve(exact, 200)
		}
		if p == "/index" {
			if in, ok := rs.try(skip, "/index.html", "/"); ok {
				return in
			}
			break
		}
		dir := strings.TrimSuffix(p, "/index")
		if in, ok := rs.try(skip, dir+".html", dir, p+".html", dir); ok {
			return in
		}
	case strings.HasSuffix(p, "/index.html"):
		if p == "/index.html" {
			if in, ok := rs.try(skip, "/index.html", "/"); ok {
				return in
			}
			break
		}
		dir := strings.TrimSuffix(p, "/index.html")
		if in, ok := rs.try(skip, p, dir); ok {
			return in
		}
		if exact != nil {
			return serve(exact, 200)
		}
		if in, ok := rs.try(skip, dir+".html", dir); ok {
			return in
		}
	case p == "/":
		if e := rs.exists("/index.html"); e != nil {
			return serve(e, 200)
		}
	case strings.HasSuffix(p, "/"):
		base := p[:len(p)-1]
		if in, ok := rs.try(skip, base+".html", base, base+"/index.html", base); ok {
			return in
		}
	case strings.HasSuffix(p, ".html"):
		base := strings.TrimSuffix(p, ".html")
		if in, ok := rs.try(skip, p, base, base+"/index.html", base); ok {
			return in
		}
	}
	if exact != nil {
		return serve(exact, 200)
	}
	if e := rs.exists(p + ".html"); e != nil {
		return serve(e, 200)
	}
	if e := rs.exists(p + "/index.html"); e != nil {
		return serve(e, 200)
	}
	return intent{}
}

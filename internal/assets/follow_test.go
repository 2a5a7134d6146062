package assets

import "testing"

// TestHTMLHandlingFollow follows redirects to the end and checks where a request
// lands and which file it gets, for file sets where the modes disagree: a file
// whose name holds an encoded slash, and an extensionless file beside its
// .html twin. "" means a 404.
func TestHTMLHandlingFollow(t *testing.T) {
	sets := map[string][]string{
		"bin":  {"/bin%2F", "/bin/index.html"},
		"twin": {"/file-bin", "/file-bin.html"},
		"file": {"/file.html"},
		"dir":  {"/folder/index.html"},
	}
	type land struct{ final, file string }
	tests := []struct {
		set, path string
		want      [4]land // auto, force, drop, none
	}{
		{"bin", "/bin", [4]land{{"/bin/", "/bin/index.html"}, {"/bin/", "/bin/index.html"},
			{"/bin", "/bin/index.html"}, {}}},
		{"bin", "/bin.html", [4]land{{"/bin/", "/bin/index.html"},
			{"/bin/", "/bin/index.html"}, {"/bin", "/bin/index.html"}, {}}},
		{"bin", "/bin%2F", [4]land{{"/bin/", "/bin/index.html"}, {"/bin/", "/bin/index.html"},
			{"/bin", "/bin/index.html"}, {}}},
		{"bin", "/bin%252F", [4]land{{"/bin%252F", "/bin%2F"}, {"/bin%252F", "/bin%2F"},
			{"/bin%252F", "/bin%2F"}, {"/bin%252F", "/bin%2F"}}},
		{"bin", "/bin/index", [4]land{{"/bin/", "/bin/index.html"},
			{"/bin/", "/bin/index.html"}, {"/bin", "/bin/index.html"}, {}}},
		{"twin", "/file-bin", [4]land{{"/file-bin", "/file-bin"}, {"/file-bin", "/file-bin"},
			{"/file-bin", "/file-bin"}, {"/file-bin", "/file-bin"}}},
		{"twin", "/file-bin.html", [4]land{{"/file-bin.html", "/file-bin.html"},
			{"/file-bin/", "/file-bin.html"}, {"/file-bin.html", "/file-bin.html"},
			{"/file-bin.html", "/file-bin.html"}}},
		{"twin", "/file-bin/", [4]land{{}, {"/file-bin/", "/file-bin.html"}, {}, {}}},
		{"twin", "/file-bin/index", [4]land{{}, {"/file-bin/", "/file-bin.html"}, {}, {}}},
		{"twin", "/file-bin/index.html", [4]land{{}, {"/file-bin/", "/file-bin.html"}, {},
			{}}},
		{"file", "/file/index", [4]land{{"/file", "/file.html"}, {"/file/", "/file.html"},
			{"/file", "/file.html"}, {}}},
		{"file", "/file/index.html", [4]land{{"/file", "/file.html"},
			{"/file/", "/file.html"}, {"/file", "/file.html"}, {}}},
		{"dir", "/folder.html", [4]land{{"/folder/", "/folder/index.html"},
			{"/folder/", "/folder/index.html"}, {"/folder", "/folder/index.html"}, {}}},
	}
	for _, tt := range tests {
		files := map[string]string{}
		for _, f := range sets[tt.set] {
			files[f[1:]] = f
		}
		for i, mode := range modes {
			t.Run(tt.set+tt.path+"/"+mode, func(t *testing.T) {
				l := newLayer(t, files, Options{HTMLHandling: mode})
				p := tt.path
				got := fetch(t, l, "GET", p)
				for hops := 0; got.status == 307; hops++ {
					if hops == 3 {
						t.Fatalf("redirect loop at %s", p)
					}
					p = got.header.Get("Location")
					got = fetch(t, l, "GET", p)
				}
				w := tt.want[i]
				if w.file == "" {
					if got.status != 404 {
						t.Errorf("landed on %s with %d %q, want 404", p, got.status, got.body)
					}
					return
				}
				if got.status != 200 || p != w.final || got.body != w.file {
					t.Errorf("landed on %s with %d %q, want %s serving %s", p, got.status,
						got.body, w.final, w.file)
				}
			})
		}
	}
}
